namespace Helix.DemoData;

/// <param name="Code">Two letters naming the city's stores, e.g. SH for SH03.</param>
/// <param name="Stores">How many of the brand's stores are in the city; 0 where it sells online only.</param>
internal sealed record City(string Name, string Code, int Stores);
