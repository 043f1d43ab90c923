using StatementTracker.Api.Reviews;

namespace StatementTracker.Api.Tests.FactChecks;

public class RatingsTests
{
    [Theory]
    [InlineData("True", "true")]
    [InlineData("Mostly True", "mostly_true")]
    [InlineData("Half-True", "half_true")]
    [InlineData("half true", "half_true")]
    [InlineData("Mostly False", "mostly_false")]
    [InlineData("Barely True", "mostly_false")]
    [InlineData("barely-true", "mostly_false")]
    [InlineData("FALSE", "false")]
    [InlineData("Pants on Fire!", "pants_on_fire")]
    [InlineData("pants-fire", "pants_on_fire")]
    public void PolitiFactsSixStepsMapOneToOneWhateverTheSpelling(string rating, string expected) =>
        Assert.Equal(expected, Ratings.Normalise(rating));

    [Theory]
    [InlineData("Geppetto Checkmark", "true")]
    [InlineData("One Pinocchio", "mostly_true")]
    [InlineData("1 Pinocchio", "mostly_true")]
    [InlineData("Two Pinocchios", "half_true")]
    [InlineData("Three Pinocchios", "mostly_false")]
    [InlineData("Four Pinocchios", "false")]
    [InlineData("4 Pinocchios", "false")]
    [InlineData("Four Pinocchio", "false")]
    [InlineData("Bottomless Pinocchio", "false")]
    public void ThePinocchiosMapOntoTheScale(string rating, string expected) =>
        Assert.Equal(expected, Ratings.Normalise(rating));

    [Theory]
    [InlineData("Full Flop")]
    [InlineData("Unproven")]
    [InlineData("Needs context")]
    [InlineData("")]
    public void AScaleTheServiceDoesNotKnowHasNoNormalisedRating(string rating) => Assert.Null(Ratings.Normalise(rating));

    [Fact]
    public void TheScaleRunsFromOneForPantsOnFireToSixForTrue()
    {
        Assert.Equal(6, Ratings.ValueOf("true"));
        Assert.Equal(1, Ratings.ValueOf("pants_on_fire"));
        Assert.Equal(Enumerable.Range(1, 6).Reverse(), Ratings.Scale.Select(Ratings.ValueOf));
        Assert.All(Ratings.Scale, step => Assert.Equal(step, Ratings.Normalise(Ratings.NameOf(step))));
    }
}
