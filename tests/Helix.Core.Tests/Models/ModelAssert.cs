namespace Helix.Core.Tests.Models;

internal static class ModelAssert
{
    public static void Within(double expected, double actual, double relative) =>
        Assert.True(Math.Abs(actual - expected) <= relative * Math.Abs(expected), $"expected {expected} ± {relative:P1}, got {actual}");

    /// <summary>An analytic gradient against central differences: a wrong partial derivative still lets BFGS stop, somewhere wrong.</summary>
    public static void GradientMatches(Func<double[], double> function, double[] at, double[] gradient)
    {
        for (var i = 0; i < at.Length; i++)
        {
            var step = 1e-6 * Math.Max(1, Math.Abs(at[i]));
            var up = (double[])at.Clone();
            var down = (double[])at.Clone();
            up[i] += step;
            down[i] -= step;
            var numeric = (function(up) - function(down)) / (2 * step);
            Assert.True(Math.Abs(numeric - gradient[i]) <= 1e-6 * Math.Max(1, Math.Abs(numeric)), $"∂/∂θ{i}: analytic {gradient[i]}, numeric {numeric}");
        }
    }
}
