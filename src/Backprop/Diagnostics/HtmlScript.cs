namespace Backprop.Diagnostics;

/// <summary>The explainer page's script: it lays out and formats the embedded numbers, computing none of them.</summary>
internal static class HtmlScript
{
    public const string Text = """
        "use strict";
        // Formats and lays out the numbers of the embedded JSON; it computes none of them. Every number is a .num element
        // whose data-key names it ("step|quantity|layer|row|column", layers from 1, rows and columns from 0) and whose
        // data-value is the library's double in round-trip form; the short text is that value to 4 significant digits.
        (function () {
          const D = JSON.parse(document.getElementById("explain-data").textContent);
          const L = D.layers.length, S = D.samples, steps = D.steps;
          const $ = id => document.getElementById(id);
          let k = 0, stage = 0;

          const esc = s => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
          const short = v => {
            if (v === 0) return "0";
            const m = Math.abs(v);
            return m >= 1e-3 && m < 1e5 ? String(Number(v.toPrecision(4))) : v.toExponential(3);
          };
          const key = (q, l, i, j) => k + "|" + q + "|" + l + "|" + i + "|" + j;
          const num = (v, q, l, i, j) => '<span class="num" tabindex="0" data-key="' + key(q, l, i, j) + '" data-value="' + String(v) + '" title="' + String(v) + '">' + short(v) + "</span>";
          const par = (v, q, l, i, j) => v < 0 ? "(" + num(v, q, l, i, j) + ")" : num(v, q, l, i, j);
          const svgNum = (v, q, l, i, j, x, y, cls) => '<text class="num ' + cls + '" x="' + x + '" y="' + y + '" text-anchor="middle" data-key="' + key(q, l, i, j) + '" data-value="' + String(v) + '"><title>' + String(v) + "</title>" + short(v) + "</text>";
          const sym = (base, l, j, j2) => base + "<sup>" + l + "</sup>" + (j === undefined ? "" : "<sub>" + (j + 1) + (j2 === undefined ? "" : "," + (j2 + 1)) + "</sub>");
          const sampleLabel = s => S > 1 ? '<span class="note">sample ' + (s + 1) + ":</span> " : "";
          const layerOf = l => steps[k].layers[l - 1];
          const meanOf = "(1/" + S + ")Σ<sub>samples</sub> ";

          // ---- the stages of one step, in the order the texts walk them ----
          function buildStages() {
            const list = [{ id: "start", kind: "start", title: "The network and its sample" + (S > 1 ? "s" : "") }];
            for (let l = 1; l <= L; l++)
              for (let j = 0; j < D.sizes[l]; j++)
                list.push({ id: "forward-" + l + "-" + (j + 1), kind: "forward", l, j, title: "Forward: layer " + l + ", neuron " + (j + 1) });
            list.push({ id: "cost", kind: "cost", title: "The cost C" });
            for (let j = 0; j < D.sizes[L]; j++)
              list.push({ id: "bp1-" + (j + 1), kind: "bp1", l: L, j, title: "Backward (BP1): output neuron " + (j + 1) });
            for (let l = L - 1; l >= 1; l--)
              for (let j = 0; j < D.sizes[l]; j++)
                list.push({ id: "bp2-" + l + "-" + (j + 1), kind: "bp2", l, j, title: "Backward (BP2): layer " + l + ", neuron " + (j + 1) });
            for (let l = L; l >= 1; l--)
              list.push({ id: "gradients-" + l, kind: "gradients", l, title: "Gradients of layer " + l + " (BP3, BP4)" });
            for (let l = L; l >= 1; l--)
              list.push({ id: "update-" + l, kind: "update", l, title: "Update of layer " + l + ": ΔW = −η·∂C/∂W" });
            list.push({ id: "check", kind: "check", title: "Gradient check: backprop beside finite differences" });
            return list;
          }

          // ---- the drawing ----
          const W = 720, H = 380, R = 17;
          function nodePos(l, j) {
            const n = D.sizes[l];
            const x = 60 + l * (W - 120) / L;
            const gap = Math.min(70, (H - 70) / Math.max(n, 1));
            return [x, 50 + (H - 70) / 2 - gap * (n - 1) / 2 + j * gap];
          }
          function drawNetwork(st) {
            const edgesTotal = D.sizes.slice(1).reduce((t, n, l) => t + n * D.sizes[l], 0);
            const labelEdges = edgesTotal <= 40;
            const backward = ["bp1", "bp2", "gradients", "update", "check"].indexOf(st.kind) >= 0;
            const edgeQuantity = st.kind === "gradients" || st.kind === "check" ? "gw" : st.kind === "update" ? "nw" : "w";
            const edgeName = { w: "w", gw: "∂C/∂w", nw: "new w" }[edgeQuantity];
            let edges = "", labels = "", nodes = "";
            for (let l = 1; l <= L; l++) {
              const layer = layerOf(l);
              for (let j = 0; j < D.sizes[l]; j++)
                for (let i = 0; i < D.sizes[l - 1]; i++) {
                  const [x1, y1] = nodePos(l - 1, i), [x2, y2] = nodePos(l, j);
                  const w = layer.w[j][i];
                  const current = (st.kind === "forward" && st.l === l && st.j === j) || (st.kind === "bp2" && st.l === l - 1 && st.j === i)
                    || ((st.kind === "gradients" || st.kind === "update") && st.l === l);
                  edges += '<line class="edge ' + (w >= 0 ? "pos" : "neg") + (current ? " current" : "") + '" x1="' + x1 + '" y1="' + y1 + '" x2="' + x2 + '" y2="' + y2 + '"><title>w' + l + "(" + (j + 1) + "," + (i + 1) + ") = " + w + "</title></line>";
                  if (labelEdges || current) {
                    const t = 0.3; // near the source, where the edges leaving one node have spread apart
                    labels += svgNum(layer[edgeQuantity][j][i], edgeQuantity, l, j, i, x1 + (x2 - x1) * t, y1 + (y2 - y1) * t - 3, "edge-label");
                  }
                }
            }
            for (let l = 0; l <= L; l++) {
              const [tx] = nodePos(l, 0);
              nodes += '<text class="layer-title" x="' + tx + '" y="16" text-anchor="middle">' + (l === 0 ? "input x = a⁰" : "layer " + l + (l === L ? " (output)" : "")) + "</text>";
              nodes += '<text class="name" x="' + tx + '" y="31" text-anchor="middle">' + (l === 0 ? "" : esc(D.layers[l - 1].activation)) + "</text>";
              for (let j = 0; j < D.sizes[l]; j++) {
                const [x, y] = nodePos(l, j);
                const current = st.l === l && st.j === j && (st.kind === "forward" || st.kind === "bp1" || st.kind === "bp2");
                nodes += '<circle class="node' + (current ? " current" : "") + '" cx="' + x + '" cy="' + y + '" r="' + R + '"></circle>';
                if (current) nodes += '<text class="marker" x="' + (x - R - 12) + '" y="' + (y + 5) + '" text-anchor="middle">▶</text>';
                if (l === 0) {
                  nodes += '<text class="name" x="' + x + '" y="' + (y + 4) + '" text-anchor="middle">x' + (j + 1) + "</text>";
                  nodes += svgNum(D.x[j][0], "x", 0, j, 0, x, y + R + 13, "value");
                } else {
                  const layer = layerOf(l);
                  const showDelta = backward && !((st.kind === "bp1" || st.kind === "bp2") && l < st.l);
                  nodes += '<text class="name" x="' + x + '" y="' + (y + 4) + '" text-anchor="middle">' + (showDelta ? "δ" : "a") + (j + 1) + "</text>";
                  nodes += showDelta ? svgNum(layer.delta[j][0], "delta", l, j, 0, x, y + R + 13, "value") : svgNum(layer.a[j][0], "a", l, j, 0, x, y + R + 13, "value");
                  if (layer.b) nodes += svgNum(layer.b[j], "b", l, j, 0, x, y - R - 4, "value");
                }
              }
            }
            const caption = (S > 1 ? "Node values are sample 1's. " : "") + (labelEdges ? "Edge labels: " + edgeName + ". " : "Hover an edge for w. ") +
              "Solid lines: w ≥ 0; dashed: w < 0. The current node or edges are thick, marked ▶. Numbers above nodes are b.";
            $("net").innerHTML = edges + labels + nodes;
            $("net-caption").textContent = caption;
          }

          // ---- the explanation of the current stage ----
          const forwardSum = (l, j, s) => {
            const layer = layerOf(l);
            const prev = i => l === 1 ? par(D.x[i][s], "x", 0, i, s) : par(layerOf(l - 1).a[i][s], "a", l - 1, i, s);
            let t = layer.w[j].map((w, i) => par(w, "w", l, j, i) + "·" + prev(i)).join(" + ");
            if (layer.b) t += " + " + par(layer.b[j], "b", l, j, 0);
            return t;
          };
          function plugDelta(template, j, s) {
            const o = layerOf(L);
            const parts = { a: par(o.a[j][s], "a", L, j, s), y: par(D.y[j][s], "y", L, j, s), "f′(z)": o.fp ? par(o.fp[j][s], "fp", L, j, s) : "f′(z)", n: String(D.sizes[L]) };
            return esc(template).replace(/\{(a|y|f′\(z\)|n)\}/g, (_, name) => parts[name]);
          }
          function symbolDelta(template, j) {
            const parts = { a: sym("a", L, j), y: "y<sub>" + (j + 1) + "</sub>", "f′(z)": "f′(" + sym("z", L, j) + ")", n: "n" };
            return esc(template).replace(/\{(a|y|f′\(z\)|n)\}/g, (_, name) => parts[name]);
          }
          function explain(st) {
            const P = (cls, html) => '<p class="' + cls + '">' + html + "</p>";
            let h = "";
            if (st.kind === "start") {
              h += P("", "A " + D.sizes.join("-") + " network: " + L + " layer" + (L > 1 ? "s" : "") + " after the input x = a⁰ (layers numbered from 1, as in the texts), loss " + esc(D.loss.name) + ", learning rate η = " + num(D.learningRate, "eta", 0, 0, 0) + ".");
              for (let s = 0; s < S; s++)
                h += P("plugged", sampleLabel(s) + "x = (" + D.x.map((r, i) => num(r[s], "x", 0, i, s)).join(", ") + "), y = (" + D.y.map((r, i) => num(r[s], "y", L, i, s)).join(", ") + ")");
              h += P("note", "Press Next or → to walk through the forward pass, the cost, the backward pass (BP1–BP4) and the update. The slider replays the training steps from the same start.");
            } else if (st.kind === "forward") {
              const { l, j } = st, layer = layerOf(l), spec = D.layers[l - 1];
              h += P("formula", sym("z", l, j) + " = Σ<sub>k</sub> " + sym("w", l, j, undefined).replace("</sub>", ",k</sub>") + " " + sym("a", l - 1) + "<sub>k</sub>" + (spec.biases ? " + " + sym("b", l, j) : ""));
              h += P("formula", sym("a", l, j) + " = f(" + sym("z", l, j) + "), f(z) = " + esc(spec.formula) + " (" + esc(spec.activation) + ")");
              for (let s = 0; s < S; s++) {
                h += P("plugged", sampleLabel(s) + "z = " + forwardSum(l, j, s) + " = " + num(layer.z[j][s], "z", l, j, s));
                h += P("plugged", layer.fp
                  ? "a = f(" + num(layer.z[j][s], "z", l, j, s) + ") = " + num(layer.a[j][s], "a", l, j, s)
                  : "a = f(z)<sub>" + (j + 1) + "</sub>, z = (" + layer.z.map((r, i) => num(r[s], "z", l, i, s)).join(", ") + "): a = " + num(layer.a[j][s], "a", l, j, s));
              }
              if (spec.dropout > 0) h += P("note", "This layer has dropout " + spec.dropout + ": a is after the training mask (a dropped unit shows 0).");
            } else if (st.kind === "cost") {
              h += P("formula", "C = (1/n) Σ<sub>samples</sub> C<sub>x</sub>, C<sub>x</sub> = " + esc(D.loss.formula) + " (" + esc(D.loss.name) + ")");
              for (let s = 0; s < S; s++)
                h += P("plugged", sampleLabel(s) + "a<sup>" + L + "</sup> = (" + layerOf(L).a.map((r, i) => num(r[s], "a", L, i, s)).join(", ") + "), y = (" + D.y.map((r, i) => num(r[s], "y", L, i, s)).join(", ") + "), C<sub>x</sub> = " + num(steps[k].sampleCosts[s], "cs", 0, 0, s));
              h += P("plugged", "C = " + num(steps[k].cost, "C", 0, 0, 0));
            } else if (st.kind === "bp1") {
              const { j } = st, o = layerOf(L), spec = D.layers[L - 1];
              h += P("formula", "(BP1) " + sym("δ", L, j) + " = ∂C/∂" + sym("z", L, j) + " = " + symbolDelta(D.loss.outputDelta, j));
              h += P("formula", "f′(z) = " + esc(spec.derivative) + " (" + esc(spec.activation) + ")");
              for (let s = 0; s < S; s++) {
                h += P("plugged", sampleLabel(s) + "δ = " + plugDelta(D.loss.outputDelta, j, s) + " = " + num(o.delta[j][s], "delta", L, j, s));
                if (o.fp) h += P("plugged", "f′(" + num(o.z[j][s], "z", L, j, s) + ") = " + num(o.fp[j][s], "fp", L, j, s));
              }
            } else if (st.kind === "bp2") {
              const { l, j } = st, layer = layerOf(l), next = layerOf(l + 1), spec = D.layers[l - 1];
              h += P("formula", "(BP2) " + sym("δ", l, j) + " = (Σ<sub>k</sub> " + sym("w", l + 1) + "<sub>k," + (j + 1) + "</sub> " + sym("δ", l + 1) + "<sub>k</sub>) · f′(" + sym("z", l, j) + ")");
              h += P("formula", "f′(z) = " + esc(spec.derivative) + " (" + esc(spec.activation) + ")");
              for (let s = 0; s < S; s++) {
                const terms = next.w.map((row, kk) => par(row[j], "w", l + 1, kk, j) + "·" + par(next.delta[kk][s], "delta", l + 1, kk, s)).join(" + ");
                const fp = layer.fp ? par(layer.fp[j][s], "fp", l, j, s) : "f′(z)";
                h += P("plugged", sampleLabel(s) + "Σ = " + terms + " = " + num(layer.back[j][s], "back", l, j, s));
                h += P("plugged", "δ = " + par(layer.back[j][s], "back", l, j, s) + " · " + fp + " = " + num(layer.delta[j][s], "delta", l, j, s));
              }
              if (!layer.fp) h += P("note", "This activation mixes its neurons: δ is the Jacobian (above) times the sums.");
            } else if (st.kind === "gradients") {
              const { l } = st, layer = layerOf(l);
              const prevKey = l === 1 ? "x" : "a", prevL = l === 1 ? 0 : l - 1;
              const prevValue = (i, s) => l === 1 ? D.x[i][s] : layerOf(l - 1).a[i][s];
              if (layer.gb) {
                h += P("formula", "(BP3) ∂C/∂" + sym("b", l) + "<sub>j</sub> = " + (S > 1 ? meanOf : "") + sym("δ", l) + "<sub>j</sub>");
                for (let j = 0; j < D.sizes[l]; j++)
                  h += P("plugged", "∂C/∂" + sym("b", l, j) + " = " + (S > 1 ? "mean(" + layer.delta[j].map((d, s) => num(d, "delta", l, j, s)).join(", ") + ")" : num(layer.delta[j][0], "delta", l, j, 0)) + " = " + num(layer.gb[j], "gb", l, j, 0));
              } else h += P("note", "Layer " + l + " has no biases.");
              h += P("formula", "(BP4) ∂C/∂" + sym("w", l) + "<sub>j,k</sub> = " + (S > 1 ? meanOf : "") + sym("δ", l) + "<sub>j</sub> " + sym("a", l - 1) + "<sub>k</sub>");
              for (let j = 0; j < D.sizes[l]; j++)
                for (let i = 0; i < D.sizes[l - 1]; i++) {
                  const terms = Array.from({ length: S }, (_, s) => par(layer.delta[j][s], "delta", l, j, s) + "·" + par(prevValue(i, s), prevKey, prevL, i, s));
                  h += P("plugged", "∂C/∂" + sym("w", l, j, i) + " = " + (S > 1 ? "mean(" + terms.join(", ") + ")" : terms[0]) + " = " + num(layer.gw[j][i], "gw", l, j, i));
                }
            } else if (st.kind === "update") {
              const { l } = st, layer = layerOf(l);
              h += P("formula", "ΔW = −η·∂C/∂W, W ← W + ΔW (SGD, η = " + num(D.learningRate, "eta", 0, 0, 0) + ")");
              for (let j = 0; j < D.sizes[l]; j++) {
                for (let i = 0; i < D.sizes[l - 1]; i++)
                  h += P("plugged", sym("w", l, j, i) + ": Δ = −" + num(D.learningRate, "eta", 0, 0, 0) + "·" + par(layer.gw[j][i], "gw", l, j, i) + " = " + num(layer.dw[j][i], "dw", l, j, i) + "; " + num(layer.w[j][i], "w", l, j, i) + " → " + num(layer.nw[j][i], "nw", l, j, i));
                if (layer.b)
                  h += P("plugged", sym("b", l, j) + ": Δ = −" + num(D.learningRate, "eta", 0, 0, 0) + "·" + par(layer.gb[j], "gb", l, j, 0) + " = " + num(layer.db[j], "db", l, j, 0) + "; " + num(layer.b[j], "b", l, j, 0) + " → " + num(layer.nb[j], "nb", l, j, 0));
              }
              h += P("note", "The new values are the trainer's own after this step" + (k + 1 < steps.length ? ": training step " + (k + 1) + " of the slider starts from them." : "."));
            } else if (st.kind === "check") {
              h += P("formula", "∂C/∂θ ≈ (C(θ + h) − C(θ − h)) / 2h, h = " + num(D.gradientCheckStep, "h", 0, 0, 0) + ", for every weight and bias");
              for (let l = 1; l <= L; l++) {
                const layer = layerOf(l);
                h += P("plugged", "layer " + l + ": largest relative error, W " + num(layer.rew, "rew", l, 0, 0) + (layer.reb !== undefined ? ", b " + num(layer.reb, "reb", l, 0, 0) : ""));
              }
              h += P("note", "Relative error = |backprop − finite difference| / max(|backprop|, |finite difference|, 1e-4·max(1, C)); a correct backward pass in float64 shows errors near 1e-9 or below, and 1e-6 is the usual pass mark. The tables below have the finite difference beside each backprop gradient.");
            }
            return h;
          }

          // ---- every number of the current step ----
          function tables() {
            let h = "";
            for (let l = 1; l <= L; l++) {
              const layer = layerOf(l), spec = D.layers[l - 1];
              h += "<h3>Layer " + l + " (" + esc(spec.activation) + ")</h3><div class=\"scroll\"><table><thead><tr><th scope=\"col\">neuron</th>" +
                (spec.biases ? "<th scope=\"col\">b</th>" : "") + "<th scope=\"col\">z</th><th scope=\"col\">a</th>" + (layer.fp ? "<th scope=\"col\">f′(z)</th>" : "") +
                "<th scope=\"col\">δ</th>" + (spec.biases ? "<th scope=\"col\">∂C/∂b</th><th scope=\"col\">finite diff.</th><th scope=\"col\">Δb</th><th scope=\"col\">new b</th>" : "") + "</tr></thead><tbody>";
              for (let j = 0; j < D.sizes[l]; j++) {
                const perSample = q => "<td>" + layer[q][j].map((v, s) => num(v, q, l, j, s)).join("<br>") + "</td>";
                h += "<tr><th scope=\"row\">" + (j + 1) + "</th>" + (spec.biases ? "<td>" + num(layer.b[j], "b", l, j, 0) + "</td>" : "") + perSample("z") + perSample("a") + (layer.fp ? perSample("fp") : "") + perSample("delta") +
                  (spec.biases ? "<td>" + num(layer.gb[j], "gb", l, j, 0) + "</td><td>" + num(layer.fdb[j], "fdb", l, j, 0) + "</td><td>" + num(layer.db[j], "db", l, j, 0) + "</td><td>" + num(layer.nb[j], "nb", l, j, 0) + "</td>" : "") + "</tr>";
              }
              h += "</tbody></table></div><div class=\"scroll\"><table><thead><tr><th scope=\"col\">weight</th><th scope=\"col\">w</th><th scope=\"col\">∂C/∂w (backprop)</th><th scope=\"col\">finite diff.</th><th scope=\"col\">ΔW</th><th scope=\"col\">new w</th></tr></thead><tbody>";
              for (let j = 0; j < D.sizes[l]; j++)
                for (let i = 0; i < D.sizes[l - 1]; i++)
                  h += "<tr><th scope=\"row\">" + sym("w", l, j, i) + "</th><td>" + num(layer.w[j][i], "w", l, j, i) + "</td><td>" + num(layer.gw[j][i], "gw", l, j, i) + "</td><td>" + num(layer.fdw[j][i], "fdw", l, j, i) +
                    "</td><td>" + num(layer.dw[j][i], "dw", l, j, i) + "</td><td>" + num(layer.nw[j][i], "nw", l, j, i) + "</td></tr>";
              h += "</tbody></table></div>";
            }
            return h;
          }

          function summaryTables() {
            let h = "<div class=\"scroll\"><table><thead><tr><th scope=\"col\">layer</th><th scope=\"col\">neurons</th><th scope=\"col\">inputs</th><th scope=\"col\">activation</th><th scope=\"col\">‖∂C/∂W‖</th></tr></thead><tbody>";
            for (let l = 1; l <= L; l++)
              h += "<tr><th scope=\"row\">" + l + "</th><td>" + D.sizes[l] + "</td><td>" + D.sizes[l - 1] + "</td><td>" + esc(D.layers[l - 1].activation) + "</td><td>" + num(layerOf(l).gradientNorm, "gnorm", l, 0, 0) + "</td></tr>";
            return h + "</tbody></table></div><p>C = " + num(steps[k].cost, "C", 0, 0, 0) + "</p>";
          }

          // ---- the cost curve of the replay ----
          function curve() {
            const w = 640, h = 170, left = 74, right = 12, top = 14, bottom = 30;
            const costs = steps.map(s => s.cost);
            const max = Math.max.apply(null, costs), min = Math.min.apply(null, costs);
            const span = max - min || 1;
            const px = i => left + (steps.length === 1 ? 0 : i * (w - left - right) / (steps.length - 1));
            const py = c => top + (max - c) / span * (h - top - bottom);
            const iMax = costs.indexOf(max), iMin = costs.indexOf(min);
            const keep = k;
            let g = '<polyline class="line" points="' + costs.map((c, i) => px(i) + "," + py(c)).join(" ") + '"></polyline>';
            g += costs.map((c, i) => '<circle class="point' + (i === keep ? " current" : "") + '" data-step="' + i + '" cx="' + px(i) + '" cy="' + py(c) + '" r="' + (i === keep ? 6 : 3.5) + '"><title>step ' + i + ": C = " + c + "</title></circle>").join("");
            k = iMax; g += svgNum(max, "C", 0, 0, 0, left - 36, top + 4, "value");
            k = iMin; g += svgNum(min, "C", 0, 0, 0, left - 36, h - bottom + 4, "value");
            k = keep;
            g += '<text x="' + ((left + w - right) / 2) + '" y="' + (h - 6) + '" text-anchor="middle">training step (0 = the step explained above)</text>';
            g += '<text x="' + (left - 36) + '" y="' + (h / 2) + '" text-anchor="middle">C</text>';
            $("curve").innerHTML = g;
            $("curve-note").innerHTML = "Step " + k + ": C = " + num(steps[k].cost, "C", 0, 0, 0) + " (largest " + short(max) + " at step " + iMax + ", smallest " + short(min) + " at step " + iMin + ").";
          }

          function render() {
            const st = stages[stage];
            $("stage-label").textContent = "Stage " + (stage + 1) + " of " + stages.length + ": " + st.title;
            $("explain").dataset.stage = st.id;
            $("stage-title").textContent = st.title;
            $("stage-body").innerHTML = explain(st);
            $("prev").disabled = stage === 0;
            $("next").disabled = stage === stages.length - 1;
            drawNetwork(st);
          }
          function renderStep() {
            $("replay-value").textContent = k + " of " + (steps.length - 1) + " (after " + k + " update" + (k === 1 ? "" : "s") + ")";
            $("tables-title").textContent = "Every number of training step " + k;
            $("table-body").innerHTML = D.drawn ? tables() : summaryTables();
            curve();
            if (D.drawn) render();
          }
          function go(to) {
            stage = Math.max(0, Math.min(stages.length - 1, to));
            render();
          }

          $("subtitle").textContent = D.title + " · " + S + " sample" + (S > 1 ? "s" : "") + " · η = " + D.learningRate + " · " + steps.length + " training step" + (steps.length > 1 ? "s" : "") + " replayed";
          const replay = $("replay");
          replay.max = String(steps.length - 1);
          replay.addEventListener("input", () => { k = Number(replay.value); renderStep(); });
          $("curve").addEventListener("click", e => {
            const i = e.target.getAttribute && e.target.getAttribute("data-step");
            if (i !== null && i !== undefined) { replay.value = i; k = Number(i); renderStep(); }
          });
          const stages = D.drawn ? buildStages() : [];
          if (D.drawn) {
            $("prev").addEventListener("click", () => go(stage - 1));
            $("next").addEventListener("click", () => go(stage + 1));
            document.addEventListener("keydown", e => {
              const t = e.target;
              if (t && (t.tagName === "INPUT" || t.tagName === "SELECT" || t.tagName === "TEXTAREA")) return;
              if (e.key === "ArrowRight") { go(stage + 1); e.preventDefault(); }
              else if (e.key === "ArrowLeft") { go(stage - 1); e.preventDefault(); }
              else if (e.key === "Home") { go(0); e.preventDefault(); }
              else if (e.key === "End") { go(stages.length - 1); e.preventDefault(); }
            });
          } else {
            $("prev").hidden = true;
            $("next").hidden = true;
            $("stage-label").textContent = "Summary view";
            $("figure").hidden = true;
            $("explain").innerHTML = '<p class="message" role="status">This network is not drawn: a layer has ' + Math.max.apply(null, D.sizes) + " nodes, more than the " + D.maxDrawn +
              " the explainer draws. Below are the cost of each replayed step and each layer's gradient norm; explain a smaller network to see every number.</p>";
          }
          renderStep();
        })();
        """;
}
