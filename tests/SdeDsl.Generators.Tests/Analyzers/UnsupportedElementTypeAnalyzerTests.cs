using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using SdeDsl.Generators.Analyzers;
using SdeDsl.Generators.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace SdeDsl.Generators.Tests.Analyzers;

/// <summary>
/// SDE301: every position where a tensor element type other than float or double reaches the runtime is an error
/// at its exact span; float, double and the user's open type parameters are not.
/// </summary>
public sealed class UnsupportedElementTypeAnalyzerTests
{
    private const string Usings = """
        using System;
        using System.Numerics;
        using System.Runtime.InteropServices;
        using SdeDsl.Denoisers;
        using SdeDsl.Evaluation;
        using SdeDsl.Samplers;
        using SdeDsl.Schedules;

        """;

    public static TheoryData<string, string, string> Reported => new()
    {
        {
            "denoiser class",
            """
            public sealed class HalfDenoiser : [|IDenoiser<Half>|]
            {
                public void Denoise(ReadOnlySpan<Half> input, double sigma, Span<Half> output) => input.CopyTo(output);
            }
            """,
            "SdeDsl supports float and double tensors; 'System.Half' is not supported by 'IDenoiser'"
        },
        {
            "denoiser record struct, second base-list entry",
            """
            public readonly record struct HalfDenoiser(int Dimension) : IEquatable<int>, [|IDenoiser<Half>|]
            {
                public bool Equals(int other) => other == Dimension;
                public void Denoise(ReadOnlySpan<Half> input, double sigma, Span<Half> output) => input.CopyTo(output);
            }
            """,
            "SdeDsl supports float and double tensors; 'System.Half' is not supported by 'IDenoiser'"
        },
        {
            "denoiser interface",
            """
            public interface IHalfDenoiser : [|IDenoiser<Half>|];
            """,
            "SdeDsl supports float and double tensors; 'System.Half' is not supported by 'IDenoiser'"
        },
        {
            "denoiser through the user's generic base class",
            """
            public abstract class Base<T> : IDenoiser<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
            {
                public void Denoise(ReadOnlySpan<T> input, double sigma, Span<T> output) => input.CopyTo(output);
            }

            public sealed class HalfDenoiser : [|Base<Half>|];
            """,
            "SdeDsl supports float and double tensors; 'System.Half' is not supported by 'IDenoiser'"
        },
        {
            "denoiser reported once where Half is fixed, not again on its subclass",
            """
            public class HalfDenoiser : [|IDenoiser<Half>|]
            {
                public void Denoise(ReadOnlySpan<Half> input, double sigma, Span<Half> output) => input.CopyTo(output);
            }

            public sealed class Derived : HalfDenoiser;
            """,
            "SdeDsl supports float and double tensors; 'System.Half' is not supported by 'IDenoiser'"
        },
        {
            "denoiser with NFloat",
            """
            public sealed class NFloatDenoiser : [|IDenoiser<NFloat>|]
            {
                public void Denoise(ReadOnlySpan<NFloat> input, double sigma, Span<NFloat> output) => input.CopyTo(output);
            }
            """,
            "SdeDsl supports float and double tensors; 'System.Runtime.InteropServices.NFloat' is not supported by 'IDenoiser'"
        },
        {
            "sampler call with inferred type arguments",
            """
            public static class Use
            {
                public static int Run(IDenoiser<Half> denoiser, double[] times, Half[] x)
                    => HeunSampler.[|Sample|](default(Edm), denoiser, times, x.AsSpan());
            }
            """,
            "SdeDsl supports float and double tensors; 'System.Half' is not supported by 'HeunSampler.Sample'"
        },
        {
            "prior call with explicit type arguments",
            """
            public static class Use
            {
                public static void Run(Half[] x) => Prior.[|Sample<Edm, Half>|](default(Edm), 80, x, seed: 1);
            }
            """,
            "SdeDsl supports float and double tensors; 'System.Half' is not supported by 'Prior.Sample'"
        },
        {
            "explicit member access",
            """
            public static class Use
            {
                public static double Run(Half[] a, Half[] b) => SlicedWasserstein.[|Distance<Half>|](a, b, dimension: 2);
            }
            """,
            "SdeDsl supports float and double tensors; 'System.Half' is not supported by 'SlicedWasserstein.Distance'"
        },
        {
            "method group",
            """
            public delegate double Metric(ReadOnlySpan<Half> a, ReadOnlySpan<Half> b, int dimension, int projections, ulong seed, double p);

            public static class Use
            {
                public static Metric Run() => SlicedWasserstein.[|Distance<Half>|];
            }
            """,
            "SdeDsl supports float and double tensors; 'System.Half' is not supported by 'SlicedWasserstein.Distance'"
        },
    };

    public static TheoryData<string, string> Accepted => new()
    {
        {
            "closed in the user's generic code",
            """
            public static class Use
            {
                public static void Generic<T>(T[] x) where T : unmanaged, IBinaryFloatingPointIeee754<T> => Prior.Sample(default(Edm), 80, x.AsSpan(), seed: 1);

                public static void Run(Half[] x) => Generic(x);
            }
            """
        },
        {
            "float and double denoisers",
            """
            public sealed class Both : IDenoiser<float>, IDenoiser<double>
            {
                public void Denoise(ReadOnlySpan<float> input, double sigma, Span<float> output) => input.CopyTo(output);
                public void Denoise(ReadOnlySpan<double> input, double sigma, Span<double> output) => input.CopyTo(output);
            }
            """
        },
        {
            "float and double calls",
            """
            public static class Use
            {
                public static double Run(IDenoiser<float> f, IDenoiser<double> d, double[] times, float[] x, double[] y)
                {
                    Prior.Sample(default(Edm), times[0], x.AsSpan(), seed: 1);
                    HeunSampler.Sample(default(Edm), f, times, x.AsSpan());
                    EulerSampler.Sample<Edm, double, IDenoiser<double>>(default(Edm), d, times, y.AsSpan());
                    return SlicedWasserstein.Distance<float>(x, x, 2) + SlicedWasserstein.Distance<double>(y, y, 2);
                }
            }
            """
        },
        {
            "open type parameters of the user's generic code",
            """
            public abstract class Base<T> : IDenoiser<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
            {
                public void Denoise(ReadOnlySpan<T> input, double sigma, Span<T> output) => input.CopyTo(output);
            }

            public sealed class FloatDenoiser : Base<float>;

            public static class Use
            {
                public static double Run<T, TDenoiser>(TDenoiser denoiser, double[] times, T[] x)
                    where T : unmanaged, IBinaryFloatingPointIeee754<T>
                    where TDenoiser : IDenoiser<T>
                {
                    Prior.Sample(default(Edm), times[0], x.AsSpan(), seed: 1);
                    HeunSampler.Sample(default(Edm), denoiser, times, x.AsSpan());
                    return SlicedWasserstein.Distance<T>(x, x, 2);
                }
            }
            """
        },
    };

    [Theory]
    [MemberData(nameof(Reported))]
    public async Task An_unsupported_element_type_is_an_error_at_the_marked_span(string name, string code, string message)
    {
        Markup markup = Markup.Parse(Usings + code);
        ImmutableArray<Diagnostic> diagnostics = await AnalyzerDiagnostics(markup.Source);

        Diagnostic diagnostic = diagnostics.ShouldHaveSingleItem(name);
        diagnostic.Id.ShouldBe("SDE301");
        diagnostic.Severity.ShouldBe(DiagnosticSeverity.Error);
        diagnostic.Location.SourceSpan.ShouldBe(markup.Span, $"'{markup.Source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length)}' was marked instead");
        diagnostic.GetMessage().ShouldBe(message);
    }

    [Theory]
    [MemberData(nameof(Accepted))]
    public async Task Float_double_and_open_type_parameters_are_not_reported(string name, string code)
        => (await AnalyzerDiagnostics(Usings + code)).ShouldBeEmpty(name);

    [Fact]
    public async Task Object_creations_of_a_constrained_generic_type_of_the_SdeDsl_assembly_are_reported()
    {
        // No public generic type of SdeDsl is constrained today, so the SdeDsl assembly is stood in for by a
        // compilation that declares IDenoiser<T> itself (as the runtime does when the analyzer runs on it).
        Markup markup = Markup.Parse("""
            using System;
            using System.Numerics;

            namespace SdeDsl.Denoisers
            {
                public interface IDenoiser<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
                {
                    void Denoise(ReadOnlySpan<T> input, double sigma, Span<T> output);
                }
            }

            namespace SdeDsl
            {
                public sealed class Buffer<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>;

                public static class Use
                {
                    public static object Open<T>() where T : unmanaged, IBinaryFloatingPointIeee754<T> => new Buffer<T>();
                    public static object Float() => new Buffer<float>();
                    public static object Half() => new [|Buffer<Half>|]();
                }
            }
            """);
        var compilation = CSharpCompilation.Create(
            "SdeDsl",
            new[] { CSharpSyntaxTree.ParseText(markup.Source, GeneratorHarness.ParseOptions, path: "SdeDsl.cs") },
            GeneratorHarness.References.Where(r => !(r.Display ?? string.Empty).EndsWith("SdeDsl.dll", System.StringComparison.Ordinal)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        ImmutableArray<Diagnostic> diagnostics = await AnalyzerDiagnostics(compilation);

        Diagnostic diagnostic = diagnostics.ShouldHaveSingleItem();
        diagnostic.Location.SourceSpan.ShouldBe(markup.Span);
        diagnostic.GetMessage().ShouldBe("SdeDsl supports float and double tensors; 'System.Half' is not supported by 'Buffer'");
    }

    [Fact]
    public async Task A_subclass_of_another_assembly_s_Half_denoiser_is_reported_at_its_base_list_entry()
    {
        CSharpCompilation library = GeneratorHarness.Compilation(Usings + """
            public class HalfDenoiser : IDenoiser<Half>
            {
                public void Denoise(ReadOnlySpan<Half> input, double sigma, Span<Half> output) => input.CopyTo(output);
            }
            """).WithAssemblyName("Library");
        Markup markup = Markup.Parse(Usings + "public sealed class Derived : [|HalfDenoiser|];");
        using var image = new System.IO.MemoryStream();
        library.Emit(image).Success.ShouldBeTrue();
        CSharpCompilation user = GeneratorHarness.Compilation(markup.Source).AddReferences(MetadataReference.CreateFromImage(image.ToArray()));

        Diagnostic diagnostic = (await AnalyzerDiagnostics(user)).ShouldHaveSingleItem();
        diagnostic.Location.SourceSpan.ShouldBe(markup.Span);
        diagnostic.GetMessage().ShouldBe("SdeDsl supports float and double tensors; 'System.Half' is not supported by 'IDenoiser'");
    }

    [Fact]
    public async Task A_compilation_without_SdeDsl_is_not_analysed()
    {
        var compilation = CSharpCompilation.Create(
            "Plain",
            new[] { CSharpSyntaxTree.ParseText("using System; public static class C { public static Half H() => (Half)1; }", GeneratorHarness.ParseOptions) },
            GeneratorHarness.References.Where(r => !(r.Display ?? string.Empty).EndsWith("SdeDsl.dll", System.StringComparison.Ordinal)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        (await AnalyzerDiagnostics(compilation)).ShouldBeEmpty();
    }

    private static Task<ImmutableArray<Diagnostic>> AnalyzerDiagnostics(string source)
        => AnalyzerDiagnostics(GeneratorHarness.Compilation(source));

    private static async Task<ImmutableArray<Diagnostic>> AnalyzerDiagnostics(Compilation compilation)
    {
        // The test sources must be valid C#: the only error is the analyzer's.
        compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ShouldBeEmpty();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false);
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new UnsupportedElementTypeAnalyzer());
        // Analyzer exceptions would come back as AD0001 diagnostics, so "exactly the expected diagnostic" also
        // proves the analyzer did not throw.
        return await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync();
    }
}
