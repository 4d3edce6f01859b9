using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Assistant.Core.Knowledge;

/// <summary>
/// A linear classifier over the sample questions: word unigrams and bigrams of the terms (stemmed, lexicon applied) plus
/// character 3- and 4-grams of the words as written (which carry inflections and typos that stemming scrambles),
/// L2-normalised, and multinomial logistic regression trained by stochastic gradient descent. Features are kept as 64-bit
/// hashes of their text, so extracting them allocates no strings.
/// Deterministic: the same samples give the same model. Classes are 0 to the class count less one.
/// </summary>
public sealed class IntentClassifier
{
    private const int MinGram = 3;
    private const int MaxGram = 4;

    private const ulong WordKind = 1, BigramKind = 2, RawKind = 4;
    private const float RawGramWeight = 1f;

    private readonly FeatureMap _features;
    private readonly float[] _weights; // feature-major: _weights[feature * _width + class]
    private readonly float[] _bias;
    private readonly int _classes;
    private readonly int _width;

    private IntentClassifier(FeatureMap features, float[] weights, float[] bias, int classes, int width)
    {
        _features = features;
        _weights = weights;
        _bias = bias;
        _classes = classes;
        _width = width;
    }

    /// <summary>One training example: the terms of a text, its class and how much it counts.</summary>
    /// <param name="Terms">The terms of the text (stemmed, lexicon applied).</param>
    /// <param name="Words">Its words as written (lower case, Latin-script Bulgarian folded), whose character n-grams carry typos
    /// that stemming scrambles.</param>
    public readonly record struct Sample(IReadOnlyList<string> Terms, IReadOnlyList<string> Words, int Class, float Weight = 1f);

    /// <summary>Training settings, chosen on the development part of the evaluation set and checked by cross-validation.</summary>
    public sealed record Options(int Epochs = 8, float LearningRate = 2f, float L2 = 1e-5f, int Seed = 17)
    {
        public static readonly Options Default = new();
    }

    public static IntentClassifier Train(IReadOnlyList<Sample> samples, int classCount, Options? options = null)
    {
        var o = options ?? Options.Default;
        var width = RoundUp(classCount);
        var features = new FeatureMap(samples.Count * 8);
        var encoded = new (int[] Features, float[] Values, int Class, float Weight)[samples.Count];
        var scratch = new FeatureMap();
        for (var i = 0; i < samples.Count; i++)
        {
            Extract(samples[i].Terms, samples[i].Words, scratch);
            var ids = new int[scratch.Count];
            var keys = scratch.Keys;
            for (var k = 0; k < ids.Length; k++)
            {
                ids[k] = features.IdOf(keys[k]);
            }

            encoded[i] = (ids, scratch.Values.ToArray(), samples[i].Class, samples[i].Weight);
        }

        var weights = new float[features.Count * width];
        var bias = new float[width];
        var probabilities = new float[width];
        var order = Enumerable.Range(0, encoded.Length).ToArray();
        var random = new Random(o.Seed);
        for (var epoch = 0; epoch < o.Epochs; epoch++)
        {
            // The step shrinks linearly to a tenth over the epochs.
            var rate = o.LearningRate * (1f - (0.9f * epoch / o.Epochs));
            random.Shuffle(order);
            foreach (var index in order)
            {
                var (ids, values, label, weight) = encoded[index];
                Scores(weights, bias, width, classCount, ids, values, probabilities);
                Softmax(probabilities, classCount);
                probabilities[label] -= 1f;
                var scale = -rate * weight;
                for (var c = 0; c < classCount; c++)
                {
                    bias[c] += scale * probabilities[c];
                }

                Update(weights, width, ids, values, probabilities, scale);
            }

            if (o.L2 > 0)
            {
                // L2 weight decay once per epoch, as much as one per example would add up to, at a fraction of the cost.
                MultiplyAll(weights, MathF.Exp(-rate * o.L2 * encoded.Length));
            }
        }

        return new IntentClassifier(features, weights, bias, classCount, width);
    }

    /// <summary>The probability of each class for a text's terms (sums to 1).</summary>
    public float[] Predict(IReadOnlyList<string> terms, IReadOnlyList<string> words)
    {
        var scratch = new FeatureMap();
        Extract(terms, words, scratch);
        var ids = new List<int>(scratch.Count);
        var values = new List<float>(scratch.Count);
        var keys = scratch.Keys;
        for (var k = 0; k < keys.Length; k++)
        {
            if (_features.Find(keys[k]) is >= 0 and var id)
            {
                ids.Add(id);
                values.Add(scratch.Values[k]);
            }
        }

        var probabilities = new float[_width];
        Scores(_weights, _bias, _width, _classes, CollectionsMarshal.AsSpan(ids), CollectionsMarshal.AsSpan(values), probabilities);
        Softmax(probabilities, _classes);
        return probabilities.AsSpan(0, _classes).ToArray();
    }

    /// <summary>The features of a text (hashed) with their L2-normalised values, in the order first met.</summary>
    private static void Extract(IReadOnlyList<string> terms, IReadOnlyList<string> words, FeatureMap features)
    {
        features.Clear();
        foreach (var word in words)
        {
            AddCharGrams(features, word.AsSpan(), RawKind, RawGramWeight);
        }

        for (var i = 0; i < terms.Count; i++)
        {
            var term = terms[i].AsSpan();
            features.Add(Fnv1a.Hash(Fnv1a.Hash(Fnv1a.Offset, WordKind), term), 1f);
            if (i + 1 < terms.Count)
            {
                features.Add(Hash(Fnv1a.Hash(Fnv1a.Hash(Fnv1a.Offset, BigramKind), term), ' ', terms[i + 1].AsSpan()), 1f);
            }
        }

        var norm = 0f;
        foreach (var value in features.Values)
        {
            norm += value * value;
        }

        if (norm > 0)
        {
            var scale = 1f / MathF.Sqrt(norm);
            foreach (ref var value in features.Values)
            {
                value *= scale;
            }
        }
    }

    /// <summary>Character n-grams of a word with '&lt;' and '&gt;' marking its ends.</summary>
    private static void AddCharGrams(FeatureMap features, ReadOnlySpan<char> word, ulong kind, float weight)
    {
        var length = word.Length + 2;
        for (var n = MinGram; n <= MaxGram; n++)
        {
            for (var start = 0; start + n <= length; start++)
            {
                var hash = Fnv1a.Hash(Fnv1a.Offset, kind + ((ulong)n << 8));
                for (var k = start; k < start + n; k++)
                {
                    hash = Fnv1a.Hash(hash, k == 0 ? '<' : k == length - 1 ? '>' : word[k - 1]);
                }

                features.Add(hash, weight);
            }
        }
    }

    private static ulong Hash(ulong hash, char separator, ReadOnlySpan<char> text) => Fnv1a.Hash(Fnv1a.Hash(hash, separator), text);

    /// <summary>
    /// output = bias + the sum of each feature's row times its value. The output is summed in registers, four vectors of it
    /// at a time, each in the features' order (the same sums, to the bit, as adding one row after another).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scores(float[] weights, float[] bias, int width, int classes, ReadOnlySpan<int> ids, ReadOnlySpan<float> values, float[] output)
    {
        var rows = MemoryMarshal.Cast<float, Vector<float>>(weights.AsSpan());
        var sums = MemoryMarshal.Cast<float, Vector<float>>(output.AsSpan(0, width));
        bias.AsSpan(0, width).CopyTo(output);
        var vectors = width / Vector<float>.Count;
        var b = 0;
        for (; b + 4 <= vectors; b += 4)
        {
            Vector<float> s0 = sums[b], s1 = sums[b + 1], s2 = sums[b + 2], s3 = sums[b + 3];
            for (var f = 0; f < ids.Length; f++)
            {
                var row = rows.Slice((ids[f] * vectors) + b, 4);
                var value = new Vector<float>(values[f]);
                s0 += row[0] * value;
                s1 += row[1] * value;
                s2 += row[2] * value;
                s3 += row[3] * value;
            }

            sums[b] = s0;
            sums[b + 1] = s1;
            sums[b + 2] = s2;
            sums[b + 3] = s3;
        }

        for (; b < vectors; b++)
        {
            var s0 = sums[b];
            for (var f = 0; f < ids.Length; f++)
            {
                s0 += rows[(ids[f] * vectors) + b] * new Vector<float>(values[f]);
            }

            sums[b] = s0;
        }

        output.AsSpan(classes).Clear();
    }

    /// <summary>Each feature's row += gradient * scale * its value, with the gradient held in registers four vectors at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Update(float[] weights, int width, int[] ids, float[] values, float[] gradient, float scale)
    {
        var rows = MemoryMarshal.Cast<float, Vector<float>>(weights.AsSpan());
        var g = MemoryMarshal.Cast<float, Vector<float>>(gradient.AsSpan(0, width));
        var vectors = width / Vector<float>.Count;
        var b = 0;
        for (; b + 4 <= vectors; b += 4)
        {
            Vector<float> g0 = g[b], g1 = g[b + 1], g2 = g[b + 2], g3 = g[b + 3];
            for (var f = 0; f < ids.Length; f++)
            {
                var row = rows.Slice((ids[f] * vectors) + b, 4);
                var step = new Vector<float>(scale * values[f]);
                row[0] += g0 * step;
                row[1] += g1 * step;
                row[2] += g2 * step;
                row[3] += g3 * step;
            }
        }

        for (; b < vectors; b++)
        {
            var g0 = g[b];
            for (var f = 0; f < ids.Length; f++)
            {
                rows[(ids[f] * vectors) + b] += g0 * new Vector<float>(scale * values[f]);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Softmax(float[] values, int count)
    {
        var max = float.NegativeInfinity;
        for (var c = 0; c < count; c++)
        {
            max = MathF.Max(max, values[c]);
        }

        var sum = 0f;
        for (var c = 0; c < count; c++)
        {
            values[c] = MathF.Exp(values[c] - max);
            sum += values[c];
        }

        for (var c = 0; c < count; c++)
        {
            values[c] /= sum;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MultiplyAll(Span<float> values, float factor)
    {
        var vectors = MemoryMarshal.Cast<float, Vector<float>>(values);
        var scale = new Vector<float>(factor);
        for (var i = 0; i < vectors.Length; i++)
        {
            vectors[i] *= scale;
        }

        for (var i = vectors.Length * Vector<float>.Count; i < values.Length; i++)
        {
            values[i] *= factor;
        }
    }

    /// <summary>
    /// Not inlined: code that reads the vector width is left out of the ahead-of-time image (the width is the machine's),
    /// and <see cref="Train"/>, which calls this, would be left out with it and run unoptimised at first.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int RoundUp(int classes)
    {
        var lanes = Vector<float>.Count;
        return (classes + lanes - 1) / lanes * lanes;
    }
}
