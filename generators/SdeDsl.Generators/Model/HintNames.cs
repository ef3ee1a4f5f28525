using System.Globalization;
using System.Text;

namespace SdeDsl.Generators.Model;

/// <summary>
/// The hint name of a schedule's generated source, which becomes a file name with EmitCompilerGeneratedFiles
/// (obj/&lt;configuration&gt;/&lt;framework&gt;/generated/SdeDsl.Generators/SdeDsl.Generators.NoiseScheduleGenerator/&lt;hint&gt;).
/// </summary>
internal static class HintNames
{
    /// <summary>
    /// The longest hint name, ".g.cs" included. A file name may have at most 255 characters on Linux and macOS
    /// and a whole path at most 260 on Windows without long-path support; the generated folder above is about
    /// 90 characters below the project, so 100 leaves room for a project folder of about 70 characters.
    /// </summary>
    public const int MaxLength = 100;

    /// <summary>
    /// The type's full name with the characters a file name cannot take replaced, then ".g.cs". The compiler
    /// compares hint names ignoring case, so when a type or namespace on the way has a case twin (Foo and foo, both
    /// schedules, would both be N.foo.g.cs to it and the second AddSource would throw: CS8785, every generated
    /// file lost) a stable hash of the case-sensitive name is appended. A name longer than <see cref="MaxLength"/>
    /// keeps a readable prefix and gets the same hash, so two long names that share the prefix stay distinct.
    /// </summary>
    public static string For(TypeShape type)
    {
        const string extension = ".g.cs";
        string name = Part(type.FullName);
        if (!type.HasCaseTwin && name.Length + extension.Length <= MaxLength)
        {
            return name + extension;
        }

        string hash = "." + Fnv1a(type.FullName).ToString("x8", CultureInfo.InvariantCulture);
        int room = MaxLength - hash.Length - extension.Length;
        if (name.Length > room)
        {
            name = name.Substring(0, room).TrimEnd('.');
        }

        return name + hash + extension;
    }

    /// <summary>A name with the characters a file name cannot take replaced (&lt;T&gt; becomes {T}).</summary>
    public static string Part(string fullName)
    {
        var name = new StringBuilder();
        foreach (char c in fullName)
        {
            name.Append(c switch
            {
                '<' => '{',
                '>' => '}',
                ' ' => '_',
                _ when char.IsLetterOrDigit(c) || c == '.' || c == '_' || c == ',' => c,
                _ => '_',
            });
        }

        return name.ToString();
    }

    /// <summary>FNV-1a over the UTF-16 code units: stable across processes and runtimes, unlike string.GetHashCode.</summary>
    private static uint Fnv1a(string text)
    {
        uint hash = 2166136261;
        foreach (char c in text)
        {
            hash = (hash ^ c) * 16777619;
        }

        return hash;
    }
}
