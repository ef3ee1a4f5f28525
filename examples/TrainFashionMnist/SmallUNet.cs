using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TrainFashionMnist;

/// <summary>
/// A small U-Net for 28 x 28 images: (x [B, 1, 28, 28], time input [B]) to a prediction of the same shape. Two
/// resolutions below 28 (14, 7), one residual block per level, skip connections by concatenation, the time as a
/// sinusoidal embedding of 1000 t added inside every block.
/// </summary>
public sealed class SmallUNet : Module<Tensor, Tensor, Tensor>
{
    private readonly int _embedding;
    private readonly Sequential _time;
    private readonly Conv2d _in, _down1, _down2, _out;
    private readonly ResidualBlock _block28, _block14, _block7, _up14, _up28;
    private readonly GroupNorm _outNorm;

    /// <param name="width">Channels at full resolution (32 for the example; 8 is enough for a smoke test).</param>
    public SmallUNet(int width = 32) : base(nameof(SmallUNet))
    {
        _embedding = 4 * width;
        _time = Sequential(Linear(width, _embedding), SiLU(), Linear(_embedding, _embedding));
        _in = Conv2d(1, width, 3, padding: 1);
        _block28 = new ResidualBlock(width, width, _embedding);
        _down1 = Conv2d(width, 2 * width, 3, stride: 2, padding: 1);
        _block14 = new ResidualBlock(2 * width, 2 * width, _embedding);
        _down2 = Conv2d(2 * width, 2 * width, 3, stride: 2, padding: 1);
        _block7 = new ResidualBlock(2 * width, 2 * width, _embedding);
        _up14 = new ResidualBlock(4 * width, 2 * width, _embedding);
        _up28 = new ResidualBlock(3 * width, width, _embedding);
        _outNorm = GroupNorm(Math.Min(8, width), width);
        _out = Conv2d(width, 1, 3, padding: 1);
        RegisterComponents();

        // TorchSharp 0.107's GroupNorm leaves its affine parameters uninitialised (seen here as NaN and 1e30 values):
        // set them to PyTorch's defaults, weight 1 and bias 0.
        using var noGrad = no_grad();
        foreach (var module in modules())
        {
            if (module is GroupNorm norm)
            {
                norm.weight!.fill_(1);
                norm.bias!.fill_(0);
            }
        }
    }

    public override Tensor forward(Tensor x, Tensor time)
    {
        using var scope = NewDisposeScope();
        Tensor t = _time.forward(Sinusoidal(time, (int)_in.weight!.shape[0]));
        Tensor h28 = _block28.forward(_in.forward(x), t);
        Tensor h14 = _block14.forward(_down1.forward(h28), t);
        Tensor h7 = _block7.forward(_down2.forward(h14), t);
        Tensor u14 = _up14.forward(cat(new[] { functional.interpolate(h7, new long[] { 14, 14 }, mode: InterpolationMode.Nearest), h14 }, 1), t);
        Tensor u28 = _up28.forward(cat(new[] { functional.interpolate(u14, new long[] { 28, 28 }, mode: InterpolationMode.Nearest), h28 }, 1), t);
        return _out.forward(functional.silu(_outNorm.forward(u28))).MoveToOuterDisposeScope();
    }

    /// <summary>[B] time input to [B, dim]: sin and cos of 1000 t at frequencies 10000^(-k/(dim/2)).</summary>
    private static Tensor Sinusoidal(Tensor time, int dim)
    {
        int half = dim / 2;
        Tensor frequencies = exp(arange(half, dtype: ScalarType.Float32) * (-Math.Log(10000) / half));
        Tensor angles = time.to_type(ScalarType.Float32).view(-1, 1) * 1000 * frequencies.view(1, -1);
        return cat(new[] { sin(angles), cos(angles) }, 1);
    }

    private sealed class ResidualBlock : Module<Tensor, Tensor, Tensor>
    {
        private readonly GroupNorm _norm1, _norm2;
        private readonly Conv2d _conv1, _conv2;
        private readonly Linear _time;
        private readonly Module<Tensor, Tensor> _skip;

        public ResidualBlock(int inChannels, int outChannels, int embedding) : base(nameof(ResidualBlock))
        {
            _norm1 = GroupNorm(Math.Min(8, inChannels), inChannels);
            _conv1 = Conv2d(inChannels, outChannels, 3, padding: 1);
            _time = Linear(embedding, outChannels);
            _norm2 = GroupNorm(Math.Min(8, outChannels), outChannels);
            _conv2 = Conv2d(outChannels, outChannels, 3, padding: 1);
            _skip = inChannels == outChannels ? Identity() : Conv2d(inChannels, outChannels, 1);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x, Tensor t)
        {
            using var scope = NewDisposeScope();
            Tensor h = _conv1.forward(functional.silu(_norm1.forward(x)));
            h = h + _time.forward(functional.silu(t)).unsqueeze(-1).unsqueeze(-1);
            h = _conv2.forward(functional.silu(_norm2.forward(h)));
            return (h + _skip.forward(x)).MoveToOuterDisposeScope();
        }
    }
}
