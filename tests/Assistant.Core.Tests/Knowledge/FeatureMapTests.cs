namespace Assistant.Core.Tests.Knowledge;

public sealed class FeatureMapTests
{
    [Fact]
    public void Numbers_keys_in_the_order_first_added_and_keeps_them_through_growth()
    {
        var map = new FeatureMap(capacity: 4);
        var keys = Enumerable.Range(0, 5_000).Select(i => (ulong)i * 0x9E3779B97F4A7C15UL ^ (ulong)i).ToArray();
        for (var i = 0; i < keys.Length; i++)
        {
            Assert.Equal(i, map.IdOf(keys[i]));
        }

        Assert.Equal(keys.Length, map.Count);
        Assert.Equal(keys, map.Keys.ToArray());
        for (var i = 0; i < keys.Length; i++)
        {
            Assert.Equal(i, map.IdOf(keys[i]));
            Assert.Equal(i, map.Find(keys[i]));
        }

        Assert.Equal(-1, map.Find(12345));
        Assert.Equal(keys.Length, map.Count);
    }

    [Fact]
    public void Sums_the_values_added_under_one_key_and_clears_to_empty()
    {
        var map = new FeatureMap(capacity: 2);
        map.Add(7, 1f);
        map.Add(3, 0.5f);
        map.Add(7, 2f);
        for (ulong k = 100; k < 140; k++)
        {
            map.Add(k, 1f); // grows while values are being summed
        }

        map.Add(3, 0.25f);
        Assert.Equal([7UL, 3UL], map.Keys[..2].ToArray());
        Assert.Equal([3f, 0.75f], map.Values[..2].ToArray());

        map.Clear();
        Assert.Equal(0, map.Count);
        Assert.Equal(-1, map.Find(7));
        map.Add(3, 1f);
        Assert.Equal(0, map.Find(3));
        Assert.Equal([1f], map.Values.ToArray());
    }
}
