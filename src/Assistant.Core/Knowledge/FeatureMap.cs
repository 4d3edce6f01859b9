using System.Numerics;

namespace Assistant.Core.Knowledge;

/// <summary>
/// 64-bit hashes (the classifier's features, the typo table's keys) numbered 0, 1, 2… in the order they were first added,
/// each with a value summed over its additions: a small open-addressing table. It stands in for
/// <c>Dictionary&lt;ulong, …&gt;</c>, whose code for these key types is not compiled ahead of time with this assembly and
/// ran unoptimised through most of a first index build.
/// </summary>
internal sealed class FeatureMap
{
    private int[] _slots; // an id plus one per slot, 0 when empty; always at least twice as many slots as ids
    private ulong[] _keys;
    private float[] _values;
    private int _mask;
    private int _shift;

    public FeatureMap(int capacity = 128)
    {
        var size = 16;
        while (size < capacity * 2)
        {
            size <<= 1;
        }

        _slots = new int[size];
        _mask = size - 1;
        _shift = 64 - BitOperations.Log2((uint)size);
        _keys = new ulong[size / 2];
        _values = new float[size / 2];
    }

    public int Count { get; private set; }

    /// <summary>The keys by id.</summary>
    public ReadOnlySpan<ulong> Keys => _keys.AsSpan(0, Count);

    /// <summary>The summed values by id.</summary>
    public Span<float> Values => _values.AsSpan(0, Count);

    /// <summary>The id of a key, the next free one when it is new.</summary>
    public int IdOf(ulong key)
    {
        var slot = SlotOf(key);
        while (true)
        {
            var id = _slots[slot] - 1;
            if (id < 0)
            {
                return Insert(key, slot);
            }

            if (_keys[id] == key)
            {
                return id;
            }

            slot = (slot + 1) & _mask;
        }
    }

    /// <summary>The id of a key, or -1 when it was never added. Safe to call from several threads once nothing is added.</summary>
    public int Find(ulong key)
    {
        var slot = SlotOf(key);
        while (true)
        {
            var id = _slots[slot] - 1;
            if (id < 0 || _keys[id] == key)
            {
                return id;
            }

            slot = (slot + 1) & _mask;
        }
    }

    public void Add(ulong key, float value)
    {
        var id = IdOf(key); // first: adding may replace the arrays
        _values[id] += value;
    }

    public void Clear()
    {
        if (Count > 0)
        {
            Array.Clear(_slots);
            Array.Clear(_values, 0, Count);
            Count = 0;
        }
    }

    /// <summary>Fibonacci hashing: the top bits of the key times 2^64 / φ.</summary>
    private int SlotOf(ulong key) => (int)((key * 0x9E3779B97F4A7C15UL) >> _shift);

    private int Insert(ulong key, int slot)
    {
        if ((Count + 1) * 2 > _slots.Length)
        {
            Grow();
            return IdOf(key);
        }

        var id = Count++;
        _keys[id] = key;
        _slots[slot] = id + 1;
        return id;
    }

    private void Grow()
    {
        var size = _slots.Length * 2;
        _slots = new int[size];
        _mask = size - 1;
        _shift = 64 - BitOperations.Log2((uint)size);
        Array.Resize(ref _keys, size / 2);
        Array.Resize(ref _values, size / 2);
        for (var id = 0; id < Count; id++)
        {
            var slot = SlotOf(_keys[id]);
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & _mask;
            }

            _slots[slot] = id + 1;
        }
    }
}
