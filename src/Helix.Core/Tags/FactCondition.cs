using System.Text.Json;

namespace Helix.Core.Tags;

/// <summary>
/// <c>{"trait"|"computed": name, "op": op, "value": v}</c>. <see cref="Value"/> is null only for
/// <c>exists</c> and <c>notExists</c>; otherwise it is a detached element (safe after the source document is gone).
/// </summary>
public sealed record FactCondition(FactRef Fact, ConditionOp Op, JsonElement? Value) : Condition
{
    // JsonElement compares by reference to its document; conditions are equal when their JSON is.
    public bool Equals(FactCondition? other) =>
        other is not null && Fact == other.Fact && Op == other.Op
        && (Value is { } a ? other.Value is { } b && JsonElement.DeepEquals(a, b) : other.Value is null);

    public override int GetHashCode() => HashCode.Combine(Fact, Op);
}
