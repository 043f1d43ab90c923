using System.Net;
using System.Text.Json.Nodes;

namespace StatementTracker.Api.Tests;

/// <summary>The one error shape (RFC 9457), asserted the same way by every error test.</summary>
public static class Problem
{
    /// <summary>Asserts a problem+json response with the status; returns its body.</summary>
    public static async Task<JsonObject> AssertAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} but got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!.AsObject();
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(problem["type"]?.GetValue<string>()), "a problem has a type");
        Assert.False(string.IsNullOrWhiteSpace(problem["title"]?.GetValue<string>()), "a problem has a title");
        Assert.False(string.IsNullOrWhiteSpace(problem["detail"]?.GetValue<string>()), "a problem has a detail");
        return problem;
    }

    /// <summary>Asserts a problem whose errors name <paramref name="field"/> with a message containing <paramref name="rule"/>.</summary>
    public static async Task<JsonObject> AssertFieldAsync(HttpResponseMessage response, HttpStatusCode status, string field, string rule)
    {
        var problem = await AssertAsync(response, status);
        var errors = problem["errors"]?.AsObject();
        Assert.True(errors is not null, $"the problem has field errors: {problem.ToJsonString()}");
        Assert.True(errors!.ContainsKey(field), $"errors name '{field}': {errors.ToJsonString()}");
        var messages = errors[field]!.AsArray().Select(m => m!.GetValue<string>()).ToList();
        Assert.True(messages.Any(m => m.Contains(rule, StringComparison.OrdinalIgnoreCase)), $"an error of '{field}' says '{rule}': {string.Join(" | ", messages)}");
        return problem;
    }
}
