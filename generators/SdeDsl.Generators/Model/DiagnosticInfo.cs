using Microsoft.CodeAnalysis;
using SdeDsl.Generators.Diagnostics;

namespace SdeDsl.Generators.Model;

/// <summary>A diagnostic as plain data: descriptor id, location and message arguments.</summary>
internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments)
        => new(descriptor.Id, location, new EquatableArray<string>(arguments));

    public Diagnostic ToDiagnostic()
        => Diagnostic.Create(
            DiagnosticDescriptors.ById(Id),
            Location?.ToLocation() ?? Microsoft.CodeAnalysis.Location.None,
            messageArgs: ToObjects(Arguments));

    private static object[] ToObjects(EquatableArray<string> arguments)
    {
        var objects = new object[arguments.Count];
        for (int i = 0; i < objects.Length; i++)
        {
            objects[i] = arguments[i];
        }

        return objects;
    }
}
