namespace Assistant.Web.Admin;

/// <summary>The desk's one stylesheet, served from memory (the CSP allows styles from 'self' only, no inline styles).</summary>
public static class AdminAssets
{
    public const string Stylesheet = """
        :root { --ink: #1d2433; --muted: #5b6475; --line: #d9dee7; --bg: #f6f7f9; --card: #fff; --accent: #0b5cad; --accent-ink: #fff;
                --bar: #3b7dd8; --danger: #b42318; --ok: #067647; --warn: #b54708; font-size: 15px; }
        * { box-sizing: border-box; }
        body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; color: var(--ink);
               background: var(--bg); line-height: 1.45; }
        header.top { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.5rem; padding: .6rem 1.5rem; background: #12263f; color: #fff; }
        header.top a { color: #fff; text-decoration: none; }
        header.top .brand { font-weight: 600; }
        header.top nav { display: flex; flex-wrap: wrap; gap: .25rem 1rem; flex: 1; }
        header.top nav a { opacity: .85; padding: .15rem 0; border-bottom: 2px solid transparent; }
        header.top nav a[aria-current] { opacity: 1; border-bottom-color: #9cc3ff; }
        header.top .account { display: flex; gap: .75rem; align-items: center; font-size: .9rem; }
        header.top button.link { color: #fff; }
        main { max-width: 1280px; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
        h1 { font-size: 1.6rem; margin: .5rem 0 1rem; }
        h2 { font-size: 1.2rem; margin: 1.5rem 0 .5rem; }
        h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
        a { color: var(--accent); }
        .lead { color: var(--muted); max-width: 70ch; }
        .muted { color: var(--muted); }
        .small { font-size: .85rem; }
        .narrow { max-width: 28rem; }
        .card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.25rem; margin: 1rem 0; }
        .card.danger { border-color: #f1b3ad; }
        form label { display: flex; flex-direction: column; gap: .2rem; font-size: .9rem; color: var(--muted); }
        form label.check { flex-direction: row; align-items: center; gap: .4rem; color: var(--ink); }
        form.card label { margin-bottom: .8rem; }
        input, select, button { font: inherit; }
        input, select { padding: .35rem .5rem; border: 1px solid #b9c1ce; border-radius: 5px; background: #fff; color: var(--ink); min-width: 0; }
        button, a.button { display: inline-block; padding: .4rem .9rem; border-radius: 5px; border: 1px solid var(--accent); background: var(--accent);
                           color: var(--accent-ink); cursor: pointer; text-decoration: none; }
        button.secondary, a.button.secondary { background: #fff; color: var(--accent); }
        button.danger { background: var(--danger); border-color: var(--danger); }
        button.link { background: none; border: none; padding: 0; color: var(--accent); text-decoration: underline; }
        button.link.danger { color: var(--danger); }
        form.inline { display: inline; }
        .filters { display: flex; flex-wrap: wrap; align-items: flex-end; gap: .75rem 1rem; background: var(--card); border: 1px solid var(--line);
                   border-radius: 8px; padding: .75rem 1rem; margin: 0 0 1rem; }
        .filters label.wide { flex: 1 1 24rem; }
        .filters .error { flex-basis: 100%; margin: 0; }
        .actions { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; }
        table.data { width: 100%; border-collapse: collapse; background: var(--card); border: 1px solid var(--line); margin: .5rem 0 1rem; }
        table.data th, table.data td { text-align: left; vertical-align: top; padding: .45rem .6rem; border-bottom: 1px solid var(--line); }
        table.data thead th { background: #eef1f6; font-weight: 600; font-size: .9rem; }
        table.data.compact { width: auto; min-width: 22rem; }
        table.data td.text, .user { overflow-wrap: anywhere; white-space: pre-wrap; }
        .num { text-align: right !important; font-variant-numeric: tabular-nums; white-space: nowrap; }
        dl.stats { display: flex; flex-wrap: wrap; gap: 1rem; margin: .5rem 0 1rem; }
        dl.stats > div { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: .6rem 1rem; min-width: 11rem; }
        dl.stats dt { color: var(--muted); font-size: .85rem; }
        dl.stats dd { margin: 0; font-size: 1.5rem; font-weight: 600; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; }
        dl.facts dt { color: var(--muted); }
        dl.facts dd { margin: 0; }
        .chip { display: inline-block; margin: 0 .3rem .2rem 0; padding: .05rem .5rem; border-radius: 999px; background: #eef1f6; font-size: .85rem; }
        .badge { display: inline-block; padding: .05rem .5rem; border-radius: 4px; font-size: .8rem; background: #eef1f6; }
        .badge.waiting { background: #fef0c7; } .badge.assigned { background: #d1fadf; } .badge.out { background: #e4e7ec; }
        .badge.band-answer { background: #d1fadf; } .badge.band-suggest { background: #fef0c7; } .badge.band-fallback { background: #fee4e2; }
        .error { color: var(--danger); font-weight: 600; }
        .success { color: var(--ok); font-weight: 600; }
        .warning { color: var(--warn); font-weight: 600; }
        section.question { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: .5rem 1.25rem 1rem; margin: 1rem 0; }
        section.question h2 { margin-top: .6rem; }
        .result { display: flex; flex-wrap: wrap; gap: 1rem 2rem; align-items: flex-start; }
        .figure { flex: 1 1 30rem; min-width: 0; }
        svg.chart { max-width: 100%; height: auto; font-size: 12px; }
        svg.chart .bar { fill: var(--bar); }
        svg.chart .bar.detractor { fill: #d64545; } svg.chart .bar.passive { fill: #c9a227; } svg.chart .bar.promoter { fill: #2e9e5b; }
        svg.chart text { fill: var(--ink); }
        svg.chart text.value { fill: var(--muted); }
        svg.chart text.axis { fill: var(--muted); }
        svg.chart line.baseline { stroke: var(--line); }
        .nps .score { font-size: 1.3rem; }
        ul.texts { list-style: none; padding: 0; margin: .5rem 0; max-height: 28rem; overflow: auto; }
        ul.texts li { padding: .35rem 0; border-bottom: 1px dashed var(--line); overflow-wrap: anywhere; }
        ul.candidates, ul.answers { list-style: none; padding: 0; margin: 0; }
        ul.candidates li { margin-bottom: .3rem; }
        .score { font-variant-numeric: tabular-nums; color: var(--muted); }
        form.assign { display: flex; gap: .3rem; margin: .4rem 0; }
        form.assign select { max-width: 14rem; }
        .queue td:first-child { white-space: nowrap; }
        nav.tabs { display: flex; flex-wrap: wrap; gap: .5rem; margin: .5rem 0 1rem; }
        nav.tabs a { padding: .3rem .8rem; border: 1px solid var(--line); border-radius: 999px; background: #fff; text-decoration: none; }
        nav.tabs a[aria-current] { background: var(--accent); color: #fff; border-color: var(--accent); }
        nav.pager { display: flex; gap: 1rem; align-items: center; }
        pre.yaml { background: #0f172a; color: #e2e8f0; padding: 1rem; border-radius: 8px; overflow: auto; max-height: 32rem; white-space: pre; }
        .answer .markdown { white-space: pre-wrap; overflow-wrap: anywhere; background: #fff; border-left: 3px solid var(--accent); padding: .5rem .9rem; }
        td.actions-cell form { margin-right: .6rem; }
        td.actions-cell input[type=password] { width: 10rem; padding: .15rem .35rem; margin-right: .25rem; }
        code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .88em; }
        @media (max-width: 900px) { main { padding: 1rem; } .figure { flex-basis: 100%; } }
        """;

    public static IResult Css() => Results.Text(Stylesheet, "text/css; charset=utf-8");
}
