using System;
using System.Collections.Generic;

namespace SdeDsl.Generators.Symbolic;

/// <summary>Operand handling shared by the n-ary nodes.</summary>
internal static class Operands
{
    /// <summary>The operands with every nested <typeparamref name="TNode"/> replaced by its own operands (one level suffices: nodes are built flat).</summary>
    public static IEnumerable<Expr> Flatten<TNode>(IEnumerable<Expr> operands, Func<TNode, IEnumerable<Expr>> inner)
        where TNode : Expr
    {
        foreach (Expr operand in operands)
        {
            if (operand is TNode nested)
            {
                foreach (Expr item in inner(nested))
                {
                    yield return item;
                }
            }
            else
            {
                yield return operand;
            }
        }
    }
}
