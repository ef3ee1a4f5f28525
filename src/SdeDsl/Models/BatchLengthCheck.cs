using System;

namespace SdeDsl.Models;

/// <summary>The adapters' one length check: a call's span must have the length the scratch buffers were sized for.</summary>
internal static class BatchLengthCheck
{
    public static void Require(int length, int batchLength, string name)
    {
        if (length != batchLength)
        {
            throw new ArgumentException(
                $"'{name}' has {length} elements but this adapter was built for batches of {batchLength}; build one per batch length.", name);
        }
    }
}
