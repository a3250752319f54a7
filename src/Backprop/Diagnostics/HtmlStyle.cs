namespace Backprop.Diagnostics;

/// <summary>The explainer page's style sheet: two columns at desktop width, one on a phone; highlight by weight and marker as well as colour.</summary>
internal static class HtmlStyle
{
    public const string Text = """
        :root { --ink: #1b1f24; --muted: #57606a; --line: #8c959f; --pos: #0550ae; --neg: #bc4c00; --hi: #8250df; --bg: #ffffff; --panel: #f6f8fa; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: var(--bg); }
        header, main { max-width: 1260px; margin: 0 auto; padding: 0 12px; }
        h1 { font-size: 1.35rem; margin: 12px 0 2px; }
        h2 { font-size: 1.05rem; margin: 10px 0 6px; }
        #subtitle { margin: 0 0 8px; color: var(--muted); }
        #controls { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: center; padding: 8px; background: var(--panel); border: 1px solid #d0d7de; border-radius: 6px; position: sticky; top: 0; z-index: 2; }
        #controls button { font: inherit; padding: 6px 12px; border: 1px solid #57606a; border-radius: 6px; background: #fff; cursor: pointer; min-width: 44px; min-height: 36px; }
        #controls button:disabled { opacity: .45; cursor: default; }
        #controls button:focus-visible, input[type=range]:focus-visible, .num:focus-visible { outline: 3px solid var(--hi); outline-offset: 2px; }
        #stage-label { font-weight: 600; min-width: 14em; flex: 1 1 14em; }
        .replay { display: flex; align-items: center; gap: 6px; flex: 1 1 18em; }
        .replay input { flex: 1; min-width: 8em; }
        .layout { display: grid; grid-template-columns: minmax(0, 1.25fr) minmax(0, 1fr); gap: 12px; margin-top: 10px; }
        figure { margin: 0; border: 1px solid #d0d7de; border-radius: 6px; padding: 6px; }
        figcaption { font-size: .85rem; color: var(--muted); }
        #net { width: 100%; height: auto; display: block; }
        #explain { border: 1px solid #d0d7de; border-radius: 6px; padding: 4px 12px 10px; background: var(--panel); overflow-wrap: anywhere; }
        .formula { font-family: "Cambria Math", "STIX Two Math", Georgia, serif; font-size: 1.05rem; margin: 4px 0; }
        .plugged { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .9rem; margin: 2px 0 6px; }
        .note { color: var(--muted); font-size: .88rem; }
        .num { border-bottom: 1px dotted var(--line); cursor: help; white-space: nowrap; position: relative; }
        .num:focus::after, .num:hover::after { content: attr(data-value); position: absolute; left: 0; top: 1.5em; background: #1b1f24; color: #fff; padding: 2px 6px; border-radius: 4px; font: 12px ui-monospace, monospace; z-index: 5; white-space: nowrap; }
        svg text.num::after { content: none; }
        svg .edge { stroke: var(--line); stroke-width: 1.5; }
        svg .edge.pos { stroke: var(--pos); }
        svg .edge.neg { stroke: var(--neg); stroke-dasharray: 6 3; }
        svg .edge.current { stroke: var(--hi); stroke-width: 4.5; }
        svg .node { fill: #fff; stroke: #24292f; stroke-width: 1.5; }
        svg .node.current { stroke: var(--hi); stroke-width: 5; fill: #fbefff; }
        svg .marker { font-weight: 700; fill: var(--hi); }
        svg text { font: 12px system-ui, sans-serif; fill: var(--ink); }
        svg .name { font-size: 12px; fill: var(--muted); }
        svg .value { font-size: 11px; }
        svg .edge-label { font-size: 10.5px; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
        svg .layer-title { font-size: 12px; font-weight: 600; }
        table { border-collapse: collapse; margin: 4px 0 12px; font-size: .88rem; }
        th, td { border: 1px solid #d0d7de; padding: 3px 6px; text-align: right; vertical-align: top; }
        th { background: var(--panel); text-align: left; }
        .scroll { overflow-x: auto; max-width: 100%; }
        #curve { width: 100%; max-width: 900px; height: auto; display: block; }
        #curve .line { fill: none; stroke: #24292f; stroke-width: 1.5; }
        #curve .point { fill: #fff; stroke: #24292f; cursor: pointer; }
        #curve .point.current { fill: var(--hi); stroke: var(--hi); }
        .message { border: 2px solid #bc4c00; border-radius: 6px; padding: 8px 12px; background: #fff8f0; }
        @media (max-width: 760px) {
          .layout { grid-template-columns: 1fr; }
          #stage-label { min-width: 0; }
          body { font-size: 14px; }
        }
        """;
}
