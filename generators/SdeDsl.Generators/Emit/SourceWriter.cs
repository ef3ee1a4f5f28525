using System.Text;

namespace SdeDsl.Generators.Emit;

/// <summary>A minimal indented text writer for generated source (always "\n" line endings).</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder text = new();
    private int depth;

    public SourceWriter Line(string line = "")
    {
        if (line.Length > 0)
        {
            text.Append(' ', depth * 4);
        }

        text.Append(line).Append('\n');
        return this;
    }

    public SourceWriter Open(string line)
    {
        Line(line);
        Line("{");
        depth++;
        return this;
    }

    public SourceWriter Close(string suffix = "")
    {
        depth--;
        return Line("}" + suffix);
    }

    public override string ToString() => text.ToString();
}
