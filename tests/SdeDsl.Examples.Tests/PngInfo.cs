using System;
using System.IO;

namespace SdeDsl.Examples.Tests;

/// <summary>Reads a PNG's dimensions from its signature and IHDR chunk (what the examples' tests check).</summary>
internal static class PngInfo
{
    private static readonly byte[] Signature = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };

    /// <summary>The width and height of the PNG at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a PNG.</exception>
    public static (int Width, int Height) Dimensions(string path)
    {
        byte[] head = new byte[24];
        using (FileStream stream = File.OpenRead(path))
        {
            if (stream.Read(head, 0, head.Length) != head.Length)
            {
                throw new InvalidDataException($"{path} is too short to be a PNG.");
            }
        }

        if (!head.AsSpan(0, 8).SequenceEqual(Signature) || head[12] != (byte)'I' || head[13] != (byte)'H' || head[14] != (byte)'D' || head[15] != (byte)'R')
        {
            throw new InvalidDataException($"{path} is not a PNG (no signature or IHDR chunk).");
        }

        return (BigEndian(head, 16), BigEndian(head, 20));
    }

    private static int BigEndian(byte[] b, int i) => (b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3];
}
