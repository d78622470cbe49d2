using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace Helix.Core.Models;

/// <summary>The optimiser shared by the value models: BFGS over the logarithms of positive parameters.</summary>
internal static class MaximumLikelihood
{

    /// <summary>
    /// Maximises a log-likelihood over strictly positive parameters. The search runs on ln θ, so every
    /// step stays positive without constraints, and on the mean log-likelihood per customer, so the
    /// gradient tolerance means the same for 2,000 customers as for 2,000,000.
    /// </summary>
    /// <param name="logLikelihood">Total log-likelihood and its gradient with respect to θ (not ln θ).</param>
    /// <param name="start">Starting θ, all positive.</param>
    /// <param name="count">Number of customers the log-likelihood sums over.</param>
    public static (double[] Parameters, double LogLikelihood, int Iterations) Maximise(
        Func<double[], (double Value, double[] Gradient)> logLikelihood,
        double[] start,
        int count)
    {
        const int maximumIterations = 1000;
        var best = (Value: double.PositiveInfinity, Point: Array.Empty<double>());
        var objective = ObjectiveFunction.Gradient(logTheta =>
        {
            var theta = logTheta.Select(Math.Exp).ToArray();
            var (value, gradient) = logLikelihood(theta);
            // Chain rule for θ = exp(φ): ∂ℓ/∂φ = θ ∂ℓ/∂θ. Negated and averaged: BFGS minimises.
            var logGradient = Vector<double>.Build.Dense(theta.Length, i => -theta[i] * gradient[i] / count);
            if (-value / count < best.Value)
            {
                best = (-value / count, [.. theta]);
            }

            return (-value / count, logGradient);
        });

        var minimizer = new BfgsMinimizer(gradientTolerance: 1e-9, parameterTolerance: 1e-12, functionProgressTolerance: 1e-15, maximumIterations);
        var initial = Vector<double>.Build.Dense(start.Select(value => Math.Log(value)).ToArray());
        try
        {
            var result = minimizer.FindMinimum(objective, initial);
            var fitted = result.MinimizingPoint.Select(Math.Exp).ToArray();
            return (fitted, -result.FunctionInfoAtMinimum.Value * count, result.Iterations);
        }
        catch (MaximumIterationsException) when (best.Point.Length > 0)
        {
            // On small or dropout-free data the likelihood keeps rising, ever more slowly, as parameters run
            // off to infinity (BG/NBD's a and b when nobody seems to leave): there is no interior maximum to
            // converge to. The best point reached is as good a description of the data as any further one.
            return (best.Point, -best.Value * count, maximumIterations);
        }
    }
}
