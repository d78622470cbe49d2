namespace Helix.Core.Models;

/// <summary>One order as the value models see it: the day it was placed and what it was worth.</summary>
public readonly record struct Purchase(DateOnly Date, double Value);
