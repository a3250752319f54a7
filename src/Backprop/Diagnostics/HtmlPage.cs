using System.Net;
using System.Text;

namespace Backprop.Diagnostics;

/// <summary>
/// Assembles the explainer's self-contained page: the markup, <see cref="HtmlStyle"/>, the data as
/// <c>&lt;script type="application/json"&gt;</c> and <see cref="HtmlScript"/>. Nothing is loaded from elsewhere.
/// </summary>
internal static class HtmlPage
{
    public static string Build(string title, string json)
    {
        var page = new StringBuilder(json.Length + HtmlScript.Text.Length + HtmlStyle.Text.Length + 4096);
        page.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n")
            .Append("<title>Backprop explainer: ").Append(WebUtility.HtmlEncode(title)).Append("</title>\n")
            .Append("<style>\n").Append(HtmlStyle.Text).Append("\n</style>\n</head>\n<body>\n")
            .Append(Body)
            .Append("<script type=\"application/json\" id=\"explain-data\">").Append(json).Append("</script>\n")
            .Append("<script>\n").Append(HtmlScript.Text).Append("\n</script>\n</body>\n</html>\n");
        return page.ToString();
    }

    private const string Body = """
        <header>
        <h1>Backpropagation, step by step</h1>
        <p id="subtitle"></p>
        </header>
        <main>
        <noscript><p class="message">This page needs JavaScript to lay out its numbers; the numbers themselves are in the JSON at the end of the file.</p></noscript>
        <section id="controls" aria-label="Step controls">
        <button id="prev" type="button" aria-keyshortcuts="ArrowLeft">◀ Previous</button>
        <button id="next" type="button" aria-keyshortcuts="ArrowRight">Next ▶</button>
        <span id="stage-label" aria-live="polite"></span>
        <span class="replay"><label for="replay">Training step</label><input type="range" id="replay" min="0" max="0" value="0" step="1"><output id="replay-value" for="replay"></output></span>
        </section>
        <div class="layout">
        <figure id="figure">
        <svg id="net" viewBox="0 0 720 380" role="img" aria-label="The network: input nodes on the left, one column per layer, edges labelled with their weights"></svg>
        <figcaption id="net-caption"></figcaption>
        </figure>
        <section id="explain" aria-live="polite" aria-labelledby="stage-title">
        <h2 id="stage-title"></h2>
        <div id="stage-body"></div>
        </section>
        </div>
        <section aria-labelledby="curve-title">
        <h2 id="curve-title">Cost over the replayed training steps</h2>
        <svg id="curve" viewBox="0 0 640 170" role="img" aria-label="The cost at each training step; the current step is the filled point"></svg>
        <p id="curve-note"></p>
        </section>
        <section aria-labelledby="tables-title">
        <h2 id="tables-title"></h2>
        <div id="table-body"></div>
        </section>
        <p class="note">Made by Backprop's Explainer. Layers are numbered from 1 as in the texts (a⁰ = x); hover or focus a number for its full value.</p>
        </main>

        """;
}
