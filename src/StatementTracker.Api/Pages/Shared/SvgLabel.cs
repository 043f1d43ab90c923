using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace StatementTracker.Api.Pages.Shared;

/// <summary>
/// An SVG &lt;text&gt; element. Razor reserves &lt;text&gt; for its own use inside code, so the chart writes its labels
/// through this; the content is text, escaped like any other.
/// </summary>
public sealed class SvgLabel : ComponentBase
{
    [Parameter] public string X { get; set; } = "0";
    [Parameter] public string Y { get; set; } = "0";
    [Parameter] public string Anchor { get; set; } = "start";
    [Parameter] public string Text { get; set; } = "";

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        builder.OpenElement(0, "text");
        builder.AddAttribute(1, "class", "tick");
        builder.AddAttribute(2, "x", X);
        builder.AddAttribute(3, "y", Y);
        builder.AddAttribute(4, "text-anchor", Anchor);
        builder.AddContent(5, Text);
        builder.CloseElement();
    }
}
