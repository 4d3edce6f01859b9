using Assistant.Core.Knowledge;
using Assistant.Core.Language;

namespace Assistant.Bench;

/// <summary>
/// <c>knowledge-cv</c>: k-fold cross-validation over the sample questions and the out-of-scope samples. Each fold's
/// samples are held out, the index is built on the rest (aliases, key terms and answers stay), and the held-out ones are
/// scored. Prints the rates with the current policy, then searches the classifier weight and the thresholds and prints
/// the best choice: the values of <see cref="KnowledgeThresholds.Default"/> and
/// <see cref="KnowledgeIndexOptions.ClassifierWeight"/> come from here. The search reads two held-out sources: the
/// development part of the evaluation set (real questions, scored by the full index), whose answered-right rate it
/// maximises, and the out-of-fold samples (many, and harder than real questions, since a held-out sample is often the
/// only one asking for its fact), which guard it with a looser bound. The test part is never read here.
/// </summary>
internal static class KnowledgeCvCommand
{
    private const int Folds = 5;

    /// <summary>
    /// Constraints of the search: at most this share of confident wrong answers on real questions (the development part)
    /// and on the harder out-of-fold samples (which, at any one policy, are wrong two to three times as often), at least
    /// this out-of-scope fallback (in each).
    /// </summary>
    private const double MaxWrong = 0.03;
    private const double MaxWrongOutOfFold = 0.075;
    private const double MinFallback = 0.92;

    /// <summary>Out-of-scope questions that get the honest fallback, not "did you mean" (in each source).</summary>
    private const double MinPlainFallback = 0.85;

    internal sealed record Scored(string Lang, string Expected, KnowledgeScores Scores);

    /// <param name="dump">Where to write every out-of-fold score as TSV for a closer look (null: not written).</param>
    public static int Run(BenchPaths paths, string? dump = null)
    {
        Console.WriteLine($"== knowledge-cv ({Folds}-fold, sample questions and out-of-scope samples)");
        var knowledge = KnowledgeLoader.Load(paths.DialogsFolder);
        var scored = new List<Scored>();
        for (var fold = 0; fold < Folds; fold++)
        {
            var training = Without(knowledge, fold);
            using var index = KnowledgeIndex.Build(training);
            foreach (var lang in Lang.All)
            {
                foreach (var entry in knowledge.Entries)
                {
                    var questions = entry.In(lang).Questions;
                    for (var i = 0; i < questions.Count; i++)
                    {
                        if (InFold(entry.Id, lang, i, fold))
                        {
                            scored.Add(new Scored(lang, entry.Id, index.Score(questions[i], lang)));
                        }
                    }
                }

                var outOfScope = knowledge.OutOfScopeIn(lang);
                for (var i = 0; i < outOfScope.Count; i++)
                {
                    if (InFold(EvalSet.None, lang, i, fold))
                    {
                        scored.Add(new Scored(lang, EvalSet.None, index.Score(outOfScope[i], lang)));
                    }
                }
            }
        }

        if (dump is not null)
        {
            Dump(dump, scored);
        }

        var rows = EvalSet.Load(paths.EvalFile);
        List<Scored> development;
        using (var full = KnowledgeIndex.Build(knowledge))
        {
            development = rows.Select(r => new Scored(r.Lang, r.Expected,
                full.Score(r.Question, LanguageDetector.Detect(r.Question) ?? (r.Lang == "en" ? Lang.En : Lang.Bg)))).ToList();
        }

        var current = new Policy(KnowledgeIndexOptions.Default.ClassifierWeight, KnowledgeThresholds.Default);
        Console.WriteLine($"out-of-fold questions: {scored.Count(s => s.Expected != EvalSet.None)} in scope, " +
            $"{scored.Count(s => s.Expected == EvalSet.None)} out of scope");
        Console.WriteLine("-- with the current policy: " + current);
        foreach (var lang in Lang.All)
        {
            Console.WriteLine($"{lang,-4} {Evaluate(scored.Where(s => s.Lang == lang).ToList(), current)}");
        }

        Console.WriteLine($"all  {Evaluate(scored, current)}");
        Console.WriteLine($"dev  {Evaluate(development, current)}   ({Path.GetFileName(paths.EvalFile)})");

        Console.WriteLine();
        Console.WriteLine("-- ranking by classifier weight (0 = lexical only, 1 = classifier only)");
        foreach (var weight in Steps(0, 1, 0.1))
        {
            var counts = Evaluate(scored, current with { Weight = weight });
            var dev = Evaluate(development, current with { Weight = weight });
            Console.WriteLine(Format.Invariant(
                $"weight {weight:0.0}: out-of-fold top-1 {EvalMetrics.Rate(counts.Top1, counts.InScope)}  top-3 {EvalMetrics.Rate(counts.Top3, counts.InScope)}" +
                $" | dev top-1 {EvalMetrics.Rate(dev.Top1, dev.InScope)}  top-3 {EvalMetrics.Rate(dev.Top3, dev.InScope)}"));
        }

        Console.WriteLine();
        Console.WriteLine(Format.Invariant(
            $"-- search: most answered right on dev with wrong <= {MaxWrong:0.000} there and <= {MaxWrongOutOfFold:0.000} out of fold, out-of-scope fallback >= {MinFallback:0.00} " +
            $"and without did-you-mean >= {MinPlainFallback:0.00} (each)"));
        var best = Search(scored, development);
        if (best is null)
        {
            Console.WriteLine("no policy meets the constraints");
            return 1;
        }

        Console.WriteLine("best: " + best);
        foreach (var lang in Lang.All)
        {
            Console.WriteLine($"{lang,-4} {Evaluate(scored.Where(s => s.Lang == lang).ToList(), best)}");
        }

        Console.WriteLine($"all  {Evaluate(scored, best)}");
        Console.WriteLine($"dev  {Evaluate(development, best)}");
        return 0;
    }

    /// <summary>A fixed, spread assignment of samples to folds (by position, shifted per entry).</summary>
    private static bool InFold(string id, string lang, int index, int fold) =>
        (index + (Math.Abs(StableHash(id + "/" + lang)) % Folds)) % Folds == fold;

    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash;
    }

    private static KnowledgeBase Without(KnowledgeBase knowledge, int fold)
    {
        KnowledgeText Keep(KnowledgeEntry entry, string lang)
        {
            var text = entry.In(lang);
            return text with { Questions = text.Questions.Where((_, i) => !InFold(entry.Id, lang, i, fold)).ToList() };
        }

        var entries = knowledge.Entries.Select(e => e with { Bg = Keep(e, Lang.Bg), En = Keep(e, Lang.En) }).ToList();
        var outOfScope = Lang.All.ToDictionary(
            lang => lang,
            lang => (IReadOnlyList<string>)knowledge.OutOfScopeIn(lang).Where((_, i) => !InFold(EvalSet.None, lang, i, fold)).ToList());
        return new KnowledgeBase(entries, knowledge.Version + "-cv" + fold, knowledge.Lexicon, outOfScope);
    }

    private sealed record Policy(double Weight, KnowledgeThresholds Thresholds)
    {
        public override string ToString() => Format.Invariant(
            $"classifier weight {Weight:0.00}; thresholds answer {Thresholds.Answer:0.000}, suggest {Thresholds.Suggest:0.000}, " +
            $"sure {Thresholds.Sure:0.000}, margin {Thresholds.Margin:0.000}, out-of-scope {Thresholds.OutOfScope:0.00}");
    }

    private readonly record struct Counts(int InScope, int Top1, int Top3, int Right, int Wrong, int Suggested, int OutOfScope, int Fallback,
        int PlainFallback)
    {
        public double PlainFallbackRate => OutOfScope == 0 ? 1 : PlainFallback / (double)OutOfScope;

        public double RightRate => InScope == 0 ? 0 : Right / (double)InScope;
        public double WrongRate => InScope == 0 ? 0 : Wrong / (double)InScope;
        public double FallbackRate => OutOfScope == 0 ? 1 : Fallback / (double)OutOfScope;

        public override string ToString() => Format.Invariant(
            $"in-scope {InScope,5}: top-1 {EvalMetrics.Rate(Top1, InScope)}  top-3 {EvalMetrics.Rate(Top3, InScope)}  " +
            $"answered right {EvalMetrics.Rate(Right, InScope)}  wrong {EvalMetrics.Rate(Wrong, InScope)}  " +
            $"did-you-mean {EvalMetrics.Rate(Suggested, InScope)} | out-of-scope {OutOfScope,4}: fallback {EvalMetrics.Rate(Fallback, OutOfScope)} " +
            $"(no did-you-mean {EvalMetrics.Rate(PlainFallback, OutOfScope)})");
    }

    private static Counts Evaluate(IReadOnlyList<Scored> scored, Policy policy) => Evaluate(Rank(scored, policy.Weight), policy.Thresholds);

    private static Counts Evaluate(IReadOnlyList<Ranked> ranked, KnowledgeThresholds thresholds)
    {
        int inScope = 0, top1 = 0, top3 = 0, right = 0, wrong = 0, suggested = 0, outOfScope = 0, fallback = 0, plain = 0;
        foreach (var r in ranked)
        {
            var band = r.ByAlias ? MatchBand.Answer : thresholds.Band(r.Item.Scores, r.TopId, r.Top, r.Second);
            if (r.Item.Expected == EvalSet.None)
            {
                outOfScope++;
                fallback += band == MatchBand.Answer ? 0 : 1;
                plain += band == MatchBand.Fallback ? 1 : 0;
                continue;
            }

            inScope++;
            top1 += r.IsTop ? 1 : 0;
            top3 += r.InTop3 ? 1 : 0;
            right += band == MatchBand.Answer && r.IsTop ? 1 : 0;
            wrong += band == MatchBand.Answer && !r.IsTop ? 1 : 0;
            suggested += band == MatchBand.Suggest ? 1 : 0;
        }

        return new Counts(inScope, top1, top3, right, wrong, suggested, outOfScope, fallback, plain);
    }

    /// <summary>A scored question ranked at one classifier weight: what every policy with that weight decides from.</summary>
    private readonly record struct Ranked(Scored Item, string? TopId, double Top, double Second, bool IsTop, bool InTop3, bool ByAlias);

    /// <summary>As the matcher ranks (without the exact-question and context steps, which held-out samples never reach).</summary>
    private static List<Ranked> Rank(IReadOnlyList<Scored> scored, double weight) => scored.Select(s =>
    {
        var ranked = s.Scores.Candidates
            .Select(c => (c.Id, Score: c.Damping * ((weight * c.Probability) + ((1 - weight) * c.Lexical))))
            .OrderByDescending(c => c.Score)
            .ToList();
        if (s.Scores.AliasId is { } alias)
        {
            ranked.RemoveAll(c => c.Id == alias);
            ranked.Insert(0, (alias, 1));
        }

        var topId = ranked.Count > 0 ? ranked[0].Id : null;
        return new Ranked(s, topId, ranked.Count > 0 ? ranked[0].Score : 0, ranked.Count > 1 ? ranked[1].Score : 0,
            topId == s.Expected, ranked.Take(3).Any(c => c.Id == s.Expected), s.Scores.AliasId is not null);
    }).ToList();

    private static Policy? Search(IReadOnlyList<Scored> scored, IReadOnlyList<Scored> development)
    {
        Policy? best = null;
        var bestRight = -1.0;
        foreach (var weight in Steps(0.5, 0.9, 0.1))
        {
            var foldsRanked = Rank(scored, weight);
            var developmentRanked = Rank(development, weight);
            foreach (var answer in Steps(0.1, 0.8, 0.025))
            {
                foreach (var margin in Steps(0, 0.3, 0.025))
                {
                    foreach (var (outOfScope, suggest) in Steps(0.2, 0.8, 0.1).SelectMany(o => Steps(0.1, 0.3, 0.1).Select(s => (o, s))))
                    {
                        var thresholds = new KnowledgeThresholds(answer, suggest, 0.9, margin, outOfScope);
                        var folds = Evaluate(foldsRanked, thresholds);
                        var dev = Evaluate(developmentRanked, thresholds);
                        // Ties on the development part go to the policy that answers more held-out samples right.
                        var right = dev.RightRate + (folds.RightRate / 1000);
                        if (dev.WrongRate <= MaxWrong && folds.WrongRate <= MaxWrongOutOfFold && folds.FallbackRate >= MinFallback
                            && dev.FallbackRate >= MinFallback && folds.PlainFallbackRate >= MinPlainFallback
                            && dev.PlainFallbackRate >= MinPlainFallback && right > bestRight + 1e-9)
                        {
                            best = new Policy(weight, thresholds);
                            bestRight = right;
                        }
                    }
                }
            }
        }

        return best;
    }

    internal static void Dump(string path, IReadOnlyList<Scored> scored)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine("lang\texpected\toutOfScope\talias\trank\tid\tprobability\tlexical\tcoverage\trelevance");
        foreach (var s in scored)
        {
            for (var rank = 0; rank < s.Scores.Candidates.Count; rank++)
            {
                var c = s.Scores.Candidates[rank];
                writer.WriteLine(Format.Invariant(
                    $"{s.Lang}\t{s.Expected}\t{s.Scores.OutOfScope:0.0000}\t{s.Scores.AliasId ?? "-"}\t{rank}\t{c.Id}\t{c.Probability:0.0000}\t{c.Lexical:0.0000}\t{c.Coverage:0.0000}\t{c.Relevance:0.0000}"));
            }
        }

        Console.WriteLine("scores written to " + path);
    }

    private static IEnumerable<double> Steps(double from, double to, double step)
    {
        for (var value = from; value <= to + 1e-9; value += step)
        {
            yield return Math.Round(value, 4);
        }
    }
}
