using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;

namespace StatementTracker.Api.Pages;

/// <summary>
/// Turns what a page read into what it answers: the page itself, or the API's problem as a page in the site's frame
/// (404 for an unknown person or statement, 400 naming each field and the rule it broke), never JSON.
/// </summary>
public static class PageResults
{
    public static RazorComponentResult Show<TPage>(object model, int status = StatusCodes.Status200OK) where TPage : IComponent =>
        new RazorComponentResult<TPage>(new Dictionary<string, object?> { ["Model"] = model }) { StatusCode = status };

    public static RazorComponentResult NotFound(string detail) =>
        Show<ErrorPage>(new ErrorModel("Not found", detail, new Dictionary<string, string[]>()), StatusCodes.Status404NotFound);

    public static RazorComponentResult Invalid(IDictionary<string, string[]> errors) =>
        Show<ErrorPage>(new ErrorModel("This address asks for something the page cannot show",
            "Some values in the address are not valid. Each is named below with the rule it broke; change it and try again.", errors),
            StatusCodes.Status400BadRequest);

    /// <summary>The value of an API handler's 200, or default when it answered something else.</summary>
    public static T? Value<T>(IResult result) => result is IValueHttpResult<T> ok ? ok.Value : default;

    /// <summary>An API handler's problem as a page; null when it answered with a value.</summary>
    public static RazorComponentResult? Problem(IResult result) => result switch
    {
        ValidationProblem invalid => Invalid(invalid.ProblemDetails.Errors),
        ProblemHttpResult { StatusCode: StatusCodes.Status404NotFound } missing => NotFound(missing.ProblemDetails.Detail ?? "Nothing is here."),
        ProblemHttpResult other => Show<ErrorPage>(new ErrorModel(other.ProblemDetails.Title ?? "The page cannot be shown", other.ProblemDetails.Detail ?? "",
            ErrorsOf(other.ProblemDetails.Extensions)), other.StatusCode),
        _ => null,
    };

    private static IDictionary<string, string[]> ErrorsOf(IDictionary<string, object?> extensions) =>
        extensions.TryGetValue("errors", out var errors) && errors is IDictionary<string, string[]> fields ? fields : new Dictionary<string, string[]>();
}
