using StatementTracker.Api.Auth;

namespace StatementTracker.Api.Tests.Auth;

/// <summary>The one rule the middleware enforces and the document describes.</summary>
public class ScopeRulesTests
{
    [Theory]
    [InlineData("GET", "/v1/people", true, null)]
    [InlineData("HEAD", "/v1/people", true, null)]
    [InlineData("GET", "/v1/people", false, "read")]
    [InlineData("POST", "/v1/people", true, "write")]
    [InlineData("PATCH", "/v1/people/ash-carter", false, "write")]
    [InlineData("DELETE", "/v1/statements/st_x/links/ln_y", true, "write")]
    [InlineData("GET", "/health", false, null)]
    [InlineData("GET", "/swagger/v1/swagger.json", false, null)]
    [InlineData("POST", "/v1x", true, null)]
    public void ReadsAreOpenWhenAllowedAndEveryOtherMethodUnderV1NeedsWrite(string method, string path, bool anonymousRead, string? needed)
    {
        Assert.Equal(needed, ScopeRules.Required(method, path, [], anonymousRead));
    }

    [Theory]
    [InlineData("GET", "/v1/keys", "admin")]
    [InlineData("POST", "/v1/keys", "admin")]
    [InlineData("GET", "/internal/stats", "admin")]
    public void AnEndpointMayAskForMoreThanTheDefault(string method, string path, string needed)
    {
        Assert.Equal(needed, ScopeRules.Required(method, path, [new RequiresScope("admin")], anonymousRead: true));
    }

    [Fact]
    public void AnEndpointCannotAskForLessThanAWriteNeeds()
    {
        Assert.Equal("write", ScopeRules.Required("POST", "/v1/people", [new RequiresScope("read")], anonymousRead: true));
        Assert.Equal("admin", ScopeRules.Required("POST", "/v1/people", [new RequiresScope("read"), new RequiresScope("admin")], anonymousRead: true));
    }

    [Fact]
    public void ScopesAreOrderedReadWriteAdmin()
    {
        Assert.True(Scopes.Allows("admin", "write"));
        Assert.True(Scopes.Allows("write", "write"));
        Assert.False(Scopes.Allows("read", "write"));
        Assert.False(Scopes.Allows("write", "admin"));
    }

    [Fact]
    public void RequireScopeAddsTheMetadataAndRefusesAnUnknownScope()
    {
        var builder = new ConventionsRecorder();
        builder.RequireScope("admin");
        var endpoint = new Microsoft.AspNetCore.Routing.RouteEndpointBuilder(_ => Task.CompletedTask, Microsoft.AspNetCore.Routing.Patterns.RoutePatternFactory.Parse("/v1/x"), 0);
        foreach (var convention in builder.Conventions) convention(endpoint);

        Assert.Equal(new RequiresScope("admin"), Assert.Single(endpoint.Metadata.OfType<RequiresScope>()));
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.RequireScope("owner"));
    }

    private sealed class ConventionsRecorder : Microsoft.AspNetCore.Builder.IEndpointConventionBuilder
    {
        public List<Action<Microsoft.AspNetCore.Builder.EndpointBuilder>> Conventions { get; } = [];

        public void Add(Action<Microsoft.AspNetCore.Builder.EndpointBuilder> convention) => Conventions.Add(convention);
    }
}
