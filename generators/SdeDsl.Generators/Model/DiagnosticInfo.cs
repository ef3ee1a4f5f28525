using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using SdeDsl.Generators.Collections;
using SdeDsl.Generators.Diagnostics;

namespace SdeDsl.Generators.Model;

/// <summary>A diagnostic as plain data: descriptor id, location and message arguments.</summary>
internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments)
        => new(descriptor.Id, location, new EquatableArray<string>(arguments));

    /// <summary>True for an error (a warning such as SDE020 still lets the schedule generate).</summary>
    public bool IsError => DiagnosticDescriptors.ById(Id).DefaultSeverity == DiagnosticSeverity.Error;

    /// <summary>The diagnostic, located in the compilation's own syntax tree when it has one with this path.</summary>
    public Diagnostic ToDiagnostic(IReadOnlyDictionary<string, SyntaxTree> trees)
        => Diagnostic.Create(
            DiagnosticDescriptors.ById(Id),
            Location?.ToLocation(trees) ?? Microsoft.CodeAnalysis.Location.None,
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
