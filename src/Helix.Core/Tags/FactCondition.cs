using System.Text.Json;

namespace Helix.Core.Tags;

/// <summary>
/// <c>{"trait"|"computed": name, "op": op, "value": v}</c>. <see cref="Value"/> is null only for
/// <c>exists</c> and <c>notExists</c>; otherwise it is a detached element (safe after the source document is gone).
/// </summary>
public sealed record FactCondition(FactRef Fact, ConditionOp Op, JsonElement? Value) : Condition;
