using System;
using System.IO;
using System.IO.Compression;

namespace TrainFashionMnist;

/// <summary>
/// The training images as float in [-1, 1], 784 per image: Fashion-MNIST from Debian's <c>dataset-fashion-mnist</c>
/// package (/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz, IDX format), or a tiny synthetic set of
/// bright rectangles for tests and CI (no data set needed).
/// </summary>
public static class FashionMnistData
{
    public const int Side = 28, Pixels = Side * Side;
    public const string DebianFolder = "/usr/share/datasets/fashion-mnist";
    public const string FileName = "train-images-idx3-ubyte.gz";

    /// <summary>Where the images are looked for: the folder given, else Debian's.</summary>
    public static string PathIn(string? folder) => Path.Combine(string.IsNullOrEmpty(folder) ? DebianFolder : folder, FileName);

    /// <summary>The message when the file is missing: where it was looked for and how to install it.</summary>
    public static string Missing(string path) =>
        $"Fashion-MNIST not found at {path}. Install Debian's package with 'sudo apt-get install dataset-fashion-mnist' " +
        "(it puts the files in /usr/share/datasets/fashion-mnist), or pass --data FOLDER holding train-images-idx3-ubyte.gz, " +
        "or --data synthetic for a tiny generated set.";

    /// <summary>Reads an IDX3 image file (gzip) into [-1, 1].</summary>
    public static float[] Load(string path)
    {
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new BinaryReader(gzip);
        int magic = BigEndian(reader), count = BigEndian(reader), rows = BigEndian(reader), columns = BigEndian(reader);
        if (magic != 0x00000803 || rows != Side || columns != Side)
        {
            throw new InvalidDataException($"{path} is not an IDX3 file of 28 x 28 images (magic {magic:X8}, {rows} x {columns}).");
        }

        byte[] bytes = reader.ReadBytes(count * Pixels);
        var images = new float[bytes.Length];
        for (int k = 0; k < bytes.Length; k++) images[k] = bytes[k] / 127.5f - 1;
        return images;
    }

    /// <summary><paramref name="count"/> synthetic images: one bright axis-aligned rectangle on a dark background each.</summary>
    public static float[] Synthetic(int count, int seed)
    {
        var random = new Random(seed);
        var images = new float[count * Pixels];
        images.AsSpan().Fill(-1);
        for (int i = 0; i < count; i++)
        {
            int x0 = random.Next(2, 14), y0 = random.Next(2, 14), x1 = random.Next(x0 + 6, 27), y1 = random.Next(y0 + 6, 27);
            for (int y = y0; y < y1; y++)
            for (int x = x0; x < x1; x++)
            {
                images[i * Pixels + y * Side + x] = 1;
            }
        }

        return images;
    }

    private static int BigEndian(BinaryReader reader)
    {
        byte[] b = reader.ReadBytes(4);
        return (b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3];
    }
}
