using TorchSharp;
using static TorchSharp.torch;

namespace SdeDsl.TorchSharp.Tests;

/// <summary>
/// The exact epsilon-network of Gaussian data N(mu, c^2 I) under VP (docs/math.md §9.1, §11.2), written in torch ops:
/// from x_t and t, sigma = sqrt(exp(beta_d t^2/2 + beta_min t) - 1), s = 1/sqrt(1 + sigma^2), y = x_t/s,
/// D = mu + c^2/(c^2 + sigma^2)(y - mu), eps = (y - D)/sigma.
/// </summary>
internal sealed class GaussianEpsilonModule : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly double _mu, _c;

    public GaussianEpsilonModule(double mu, double c) : base(nameof(GaussianEpsilonModule))
    {
        _mu = mu;
        _c = c;
    }

    public override Tensor forward(Tensor input, Tensor time)
    {
        using var scope = NewDisposeScope();
        Tensor t = time.to_type(ScalarType.Float64).view(-1, 1);
        Tensor sigma = (0.5 * 19.9 * t * t + 0.1 * t).expm1().sqrt();
        Tensor scale = (1 + sigma * sigma).rsqrt();
        Tensor y = input.to_type(ScalarType.Float64).flatten(1) / scale;
        Tensor denoised = _mu + _c * _c / (_c * _c + sigma * sigma) * (y - _mu);
        Tensor eps = (y - denoised) / sigma;
        return eps.to_type(ScalarType.Float32).view(input.shape).MoveToOuterDisposeScope();
    }
}
