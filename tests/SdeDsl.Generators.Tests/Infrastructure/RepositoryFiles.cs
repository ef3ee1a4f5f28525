using System;
using System.IO;

namespace SdeDsl.Generators.Tests.Infrastructure;

/// <summary>Reads files of this repository (the built-in schedule declarations) from the test's working tree.</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));

    private static string FindRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SdeDsl.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("SdeDsl.sln not found above " + AppContext.BaseDirectory);
    }
}
