using Assistant.Core.Conversation;
using Microsoft.Extensions.Logging;

namespace Assistant.Core.Tests.Conversation;

/// <summary>
/// The keyed serial executor under every channel runner and the turn gate. Work is held back with gates the test opens,
/// never with delays: a timeout only turns a hang (the behaviour being wrong) into a failure.
/// </summary>
public sealed class ConversationQueueTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Work_of_one_key_runs_one_item_at_a_time_in_the_order_queued()
    {
        var queue = new ConversationQueue();
        var ran = new List<int>();
        var running = 0;
        var maxRunning = 0;

        for (var i = 0; i < 200; i++)
        {
            var n = i;
            Assert.True(queue.Enqueue("a", async _ =>
            {
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref maxRunning, now);
                await Task.Yield();
                lock (ran)
                {
                    ran.Add(n);
                }

                Interlocked.Decrement(ref running);
            }));
        }

        await queue.WaitIdleAsync(Ct).WaitAsync(Hang, Ct);

        Assert.Equal(Enumerable.Range(0, 200), ran);
        Assert.Equal(1, maxRunning);
    }

    [Fact]
    public async Task Different_keys_run_side_by_side()
    {
        var queue = new ConversationQueue();
        var aStarted = Signal();
        var bStarted = Signal();

        // Each waits for the other to have started: serialised, they would never finish.
        queue.Enqueue("a", async _ =>
        {
            aStarted.SetResult();
            await bStarted.Task;
        });
        queue.Enqueue("b", async _ =>
        {
            bStarted.SetResult();
            await aStarted.Task;
        });

        await queue.WaitIdleAsync(Ct).WaitAsync(Hang, Ct);
    }

    [Fact]
    public async Task Work_waiting_behind_a_busy_key_does_not_start_until_the_key_is_free()
    {
        var queue = new ConversationQueue();
        var release = Signal();
        var secondRan = false;
        queue.Enqueue("a", _ => release.Task);
        queue.Enqueue("a", _ =>
        {
            secondRan = true;
            return Task.CompletedTask;
        });
        var otherKey = Signal();
        queue.Enqueue("b", _ =>
        {
            otherKey.SetResult();
            return Task.CompletedTask;
        });

        await otherKey.Task.WaitAsync(Hang, Ct);
        Assert.False(Volatile.Read(ref secondRan));

        release.SetResult();
        await queue.WaitIdleAsync("a", Ct).WaitAsync(Hang, Ct);
        Assert.True(secondRan);
    }

    [Fact]
    public async Task A_failing_item_is_logged_and_the_later_items_of_its_key_still_run()
    {
        var log = new ListLogger();
        var queue = new ConversationQueue(log);
        var ran = new List<string>();

        queue.Enqueue("a", _ => throw new InvalidOperationException("thrown before any await"));
        queue.Enqueue("a", async _ =>
        {
            await Task.Yield();
            throw new InvalidOperationException("thrown after an await");
        });
        queue.Enqueue("a", _ =>
        {
            ran.Add("third");
            return Task.CompletedTask;
        });

        await queue.WaitIdleAsync(Ct).WaitAsync(Hang, Ct);

        Assert.Equal(["third"], ran);
        Assert.Equal(2, log.Errors.Count);
        Assert.All(log.Errors, e => Assert.IsType<InvalidOperationException>(e));
        Assert.Equal(0, queue.BusyKeys);
    }

    [Fact]
    public async Task Work_never_runs_on_the_thread_that_queues_it()
    {
        var queue = new ConversationQueue();
        var inline = false;

        Queueing.Now = true;
        try
        {
            queue.Enqueue("a", _ =>
            {
                inline |= Queueing.Now;
                return Task.CompletedTask;
            });
        }
        finally
        {
            Queueing.Now = false;
        }

        await queue.WaitIdleAsync(Ct).WaitAsync(Hang, Ct);
        Assert.False(inline);
    }

    [Fact]
    public async Task Waiting_for_idle_covers_running_and_waiting_work_of_all_keys_or_of_one()
    {
        var queue = new ConversationQueue();
        Assert.True(queue.WaitIdleAsync(Ct).IsCompletedSuccessfully);
        Assert.True(queue.WaitIdleAsync("a", Ct).IsCompletedSuccessfully);

        var releaseA = Signal();
        var releaseB = Signal();
        queue.Enqueue("a", _ => releaseA.Task);
        queue.Enqueue("a", _ => Task.CompletedTask);
        queue.Enqueue("b", _ => releaseB.Task);

        var all = queue.WaitIdleAsync(Ct);
        var a = queue.WaitIdleAsync("a", Ct);
        var b = queue.WaitIdleAsync("b", Ct);
        Assert.True(queue.WaitIdleAsync("c", Ct).IsCompletedSuccessfully);

        releaseA.SetResult();
        await a.WaitAsync(Hang, Ct);
        Assert.False(all.IsCompleted);
        Assert.False(b.IsCompleted);

        releaseB.SetResult();
        await Task.WhenAll(all, b).WaitAsync(Hang, Ct);
        Assert.Equal(0, queue.BusyKeys);
    }

    [Fact]
    public async Task Waiting_for_idle_gives_up_when_its_token_fires()
    {
        var queue = new ConversationQueue();
        var release = Signal();
        queue.Enqueue("a", _ => release.Task);
        using var giveUp = new CancellationTokenSource();

        var wait = queue.WaitIdleAsync(giveUp.Token);
        await giveUp.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
        release.SetResult();
        await queue.WaitIdleAsync(Ct).WaitAsync(Hang, Ct);
    }

    [Fact]
    public async Task An_idle_key_keeps_nothing()
    {
        var queue = new ConversationQueue();
        var release = Signal();
        queue.Enqueue("held", _ => release.Task);
        for (var i = 0; i < 1000; i++)
        {
            queue.Enqueue($"k{i}", _ => Task.CompletedTask);
            queue.Enqueue($"k{i}", _ => throw new InvalidOperationException());
        }

        await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => queue.WaitIdleAsync($"k{i}", Ct))).WaitAsync(Hang, Ct);
        Assert.Equal(1, queue.BusyKeys);

        release.SetResult();
        await queue.WaitIdleAsync(Ct).WaitAsync(Hang, Ct);
        Assert.Equal(0, queue.BusyKeys);
    }

    [Fact]
    public async Task Stopping_refuses_new_work_lets_running_and_waiting_work_finish_and_waits_for_it()
    {
        var queue = new ConversationQueue();
        var started = Signal();
        var release = Signal();
        var tokens = new List<bool>();
        queue.Enqueue("a", async stopping =>
        {
            started.SetResult();
            await release.Task;
            tokens.Add(stopping.IsCancellationRequested);
        });
        queue.Enqueue("a", stopping =>
        {
            tokens.Add(stopping.IsCancellationRequested);
            return Task.CompletedTask;
        });
        await started.Task.WaitAsync(Hang, Ct);

        var stop = queue.StopAsync(Ct);

        Assert.False(queue.Enqueue("a", _ => throw new InvalidOperationException("refused work ran")));
        Assert.False(queue.EnqueueOrJoin("b", _ => throw new InvalidOperationException("refused work ran")));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queue.EnterAsync("c", Ct));
        Assert.False(stop.IsCompleted);

        release.SetResult();
        Assert.True(await stop.WaitAsync(Hang, Ct));
        Assert.Equal([false, false], tokens);
        Assert.Equal(0, queue.BusyKeys);
    }

    [Fact]
    public async Task Stopping_past_its_deadline_cancels_the_work_and_waiting_work_runs_once_with_the_token_cancelled()
    {
        var queue = new ConversationQueue();
        var started = Signal();
        var cancelled = Signal();
        var waitingSaw = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        queue.Enqueue("a", async stopping =>
        {
            started.SetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, stopping);
            }
            finally
            {
                cancelled.SetResult();
            }
        });
        queue.Enqueue("a", stopping =>
        {
            waitingSaw.SetResult(stopping.IsCancellationRequested);
            return Task.CompletedTask;
        });
        await started.Task.WaitAsync(Hang, Ct);
        using var deadline = new CancellationTokenSource();

        var stop = queue.StopAsync(deadline.Token);
        Assert.False(stop.IsCompleted);
        await deadline.CancelAsync();

        Assert.False(await stop.WaitAsync(Hang, Ct));
        await cancelled.Task.WaitAsync(Hang, Ct);
        Assert.True(await waitingSaw.Task.WaitAsync(Hang, Ct));
        await queue.WaitIdleAsync(Ct).WaitAsync(Hang, Ct);
    }

    [Fact]
    public async Task Stopping_now_cancels_running_work_and_waits_until_it_returned()
    {
        var log = new ListLogger();
        var queue = new ConversationQueue(log);
        var started = Signal();
        var waitingSaw = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var returned = false;
        queue.Enqueue("a", async stopping =>
        {
            started.SetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, stopping);
            }
            finally
            {
                returned = true;
            }
        });
        queue.Enqueue("a", stopping =>
        {
            waitingSaw.SetResult(stopping.IsCancellationRequested);
            return Task.CompletedTask;
        });
        await started.Task.WaitAsync(Hang, Ct);

        Assert.True(await queue.StopNowAsync(Ct).WaitAsync(Hang, Ct));

        Assert.True(returned);
        Assert.True(waitingSaw.Task.IsCompletedSuccessfully);
        Assert.True(await waitingSaw.Task);
        Assert.False(queue.Enqueue("a", _ => Task.CompletedTask));
        Assert.Empty(log.Errors);
        Assert.Equal(0, queue.BusyKeys);
    }

    [Fact]
    public async Task Joinable_work_joins_the_one_still_waiting_but_never_the_one_already_running()
    {
        var queue = new ConversationQueue();
        var runs = 0;
        var firstStarted = Signal();
        var releaseFirst = Signal();
        var secondStarted = Signal();
        var releaseSecond = Signal();

        Task Drain(CancellationToken _)
        {
            return Interlocked.Increment(ref runs) switch
            {
                1 => Hold(firstStarted, releaseFirst),
                2 => Hold(secondStarted, releaseSecond),
                _ => Task.CompletedTask,
            };
        }

        static async Task Hold(TaskCompletionSource started, TaskCompletionSource release)
        {
            started.SetResult();
            await release.Task;
        }

        Assert.True(queue.EnqueueOrJoin("a", Drain));
        await firstStarted.Task.WaitAsync(Hang, Ct);

        // The first is running: the first call queues a second drain, the next ones join it.
        Assert.True(queue.EnqueueOrJoin("a", Drain));
        Assert.True(queue.EnqueueOrJoin("a", Drain));
        Assert.True(queue.EnqueueOrJoin("a", Drain));
        releaseFirst.SetResult();
        await secondStarted.Task.WaitAsync(Hang, Ct);

        // The second is running now: a wake-up arriving meanwhile is not lost.
        Assert.True(queue.EnqueueOrJoin("a", Drain));
        releaseSecond.SetResult();
        await queue.WaitIdleAsync(Ct).WaitAsync(Hang, Ct);

        Assert.Equal(3, runs);
    }

    [Fact]
    public async Task Joinable_work_does_not_join_across_plain_work()
    {
        var queue = new ConversationQueue();
        var release = Signal();
        var ran = new List<string>();
        queue.Enqueue("a", _ => release.Task);
        queue.EnqueueOrJoin("a", Record(ran, "drain 1"));
        queue.Enqueue("a", Record(ran, "plain"));
        queue.EnqueueOrJoin("a", Record(ran, "drain 2"));
        queue.EnqueueOrJoin("a", Record(ran, "drain 3"));

        release.SetResult();
        await queue.WaitIdleAsync(Ct).WaitAsync(Hang, Ct);

        Assert.Equal(["drain 1", "plain", "drain 2"], ran);
    }

    [Fact]
    public async Task A_lease_holds_the_key_in_order_with_queued_work()
    {
        var queue = new ConversationQueue();
        var ran = new List<string>();
        var lease = await queue.EnterAsync("a", Ct);
        queue.Enqueue("a", Record(ran, "work"));
        var second = queue.EnterAsync("a", Ct);
        var otherKey = await queue.EnterAsync("b", Ct).WaitAsync(Hang, Ct);
        otherKey.Dispose();

        Assert.False(second.IsCompleted);
        lease.Dispose();
        lease.Dispose();
        using (await second.WaitAsync(Hang, Ct))
        {
            Assert.Equal(["work"], ran);
            Assert.Equal(1, queue.BusyKeys);
        }

        // Released synchronously: nothing is left the moment the last lease is disposed.
        Assert.Equal(0, queue.BusyKeys);
    }

    [Fact]
    public async Task A_lease_given_up_while_waiting_leaves_the_order_and_nothing_behind()
    {
        var queue = new ConversationQueue();
        var first = await queue.EnterAsync("a", Ct);
        using var giveUp = new CancellationTokenSource();
        var abandoned = queue.EnterAsync("a", giveUp.Token);
        var third = queue.EnterAsync("a", Ct);

        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        first.Dispose();
        (await third.WaitAsync(Hang, Ct)).Dispose();

        Assert.Equal(0, queue.BusyKeys);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queue.EnterAsync("a", giveUp.Token));
        Assert.Equal(0, queue.BusyKeys);
    }

    [Fact]
    public async Task Leases_racing_with_their_cancellation_never_lose_the_key()
    {
        var queue = new ConversationQueue();
        for (var round = 0; round < 200; round++)
        {
            var holder = await queue.EnterAsync("a", Ct);
            using var giveUp = new CancellationTokenSource();
            var contenders = Enumerable.Range(0, 4).Select(_ => Contend(queue, giveUp.Token)).ToList();
            var cancel = Task.Run(giveUp.Cancel, Ct);
            holder.Dispose();
            await cancel;
            await Task.WhenAll(contenders).WaitAsync(Hang, Ct);

            Assert.Equal(0, queue.BusyKeys);
        }

        static async Task Contend(ConversationQueue queue, CancellationToken cancellationToken)
        {
            try
            {
                using var lease = await queue.EnterAsync("a", cancellationToken);
                await Task.Yield();
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private static Func<CancellationToken, Task> Record(List<string> ran, string name) => _ =>
    {
        lock (ran)
        {
            ran.Add(name);
        }

        return Task.CompletedTask;
    };

    private static TaskCompletionSource Signal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private static class Queueing
    {
        [ThreadStatic]
        public static bool Now;
    }

    private sealed class ListLogger : ILogger
    {
        private readonly List<Exception> _errors = [];

        public IReadOnlyList<Exception> Errors
        {
            get
            {
                lock (_errors)
                {
                    return [.. _errors];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error && exception is not null)
            {
                lock (_errors)
                {
                    _errors.Add(exception);
                }
            }
        }
    }
}
