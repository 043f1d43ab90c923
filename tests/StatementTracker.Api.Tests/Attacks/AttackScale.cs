namespace StatementTracker.Api.Tests.Attacks;

/// <summary>
/// How hard the attack tests push. CI runs them small, so the suite stays fast; a benchmark run sets
/// STATEMENTTRACKER_ATTACK_SCALE (e.g. 10) to run each one that many times longer or larger.
/// </summary>
public static class AttackScale
{
    public const string Variable = "STATEMENTTRACKER_ATTACK_SCALE";

    public static int Factor { get; } =
        int.TryParse(Environment.GetEnvironmentVariable(Variable), out var factor) && factor > 1 ? factor : 1;

    public static bool Long => Factor > 1;

    public static string Describe() => Long ? $"long mode, {Variable}={Factor}" : "CI mode";
}
