namespace CallCenter.Voice.Engines;

/// <summary>
/// A fixed number of expensive, non-thread-safe objects (PocketSphinx decoders, ~115 MB each) shared by many short
/// users. Objects are created on first need up to the limit and then reused. When all are taken, renters wait in
/// arrival order (first come, first served: a returned object goes to the longest waiter, never to a newcomer), up to
/// a timeout. An object whose user hit a native error is discarded and its slot handed on, so the pool never shrinks.
/// </summary>
internal sealed class DecoderPool<T> : IDisposable where T : class, IDisposable
{
    private readonly Func<T> _create;
    private readonly int _capacity;
    private readonly Lock _gate = new();
    private readonly Stack<T> _idle = new();
    // A waiter completes with an object, or with null meaning "a slot is yours: create one".
    private readonly LinkedList<TaskCompletionSource<T?>> _waiters = new();
    private int _slotsTaken;
    private int _created;
    private bool _disposed;

    public DecoderPool(int capacity, Func<T> create)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _create = create;
    }

    /// <summary>Objects created since the start, including replacements for discarded ones.</summary>
    public int Created => Volatile.Read(ref _created);

    /// <summary>Renters waiting right now.</summary>
    public int Waiting
    {
        get { lock (_gate) return _waiters.Count; }
    }

    /// <summary>Takes an object, waiting in line when all are in use.</summary>
    /// <exception cref="TimeoutException">None became free within <paramref name="timeout"/>.</exception>
    public async Task<T> RentAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource<T?>(TaskCreationOptions.RunContinuationsAsynchronously);
        LinkedListNode<TaskCompletionSource<T?>>? node = null;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            // With nobody waiting, taking a free object or slot jumps no one.
            if (_waiters.Count == 0 && _idle.TryPop(out var idle))
            {
                return idle;
            }

            if (_waiters.Count == 0 && _slotsTaken < _capacity)
            {
                _slotsTaken++;
            }
            else
            {
                node = _waiters.AddLast(waiter);
            }
        }

        if (node is null)
        {
            return CreateInSlot();
        }

        T? granted;
        try
        {
            granted = await waiter.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            lock (_gate)
            {
                if (node.List is not null)
                {
                    // Still in line: leave it. Nothing was handed to us.
                    _waiters.Remove(node);
                    throw;
                }
            }

            // Handed an object or a slot at the same moment the wait ended: pass it on rather than lose it.
            var late = await waiter.Task.ConfigureAwait(false);
            if (late is null) ReleaseSlot();
            else Return(late);
            throw;
        }

        return granted ?? CreateInSlot();
    }

    /// <summary>Takes an object only if one is free right now (or may be created); never waits and never jumps the line.</summary>
    public T? TryRent()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_waiters.Count > 0) return null;
            if (_idle.TryPop(out var idle)) return idle;
            if (_slotsTaken >= _capacity) return null;
            _slotsTaken++;
        }

        return CreateInSlot();
    }

    /// <summary>Gives an object back for the next renter.</summary>
    public void Return(T item)
    {
        TaskCompletionSource<T?>? next;
        lock (_gate)
        {
            if (_disposed)
            {
                next = null;
            }
            else if (_waiters.First is { } first)
            {
                _waiters.RemoveFirst();
                next = first.Value;
            }
            else
            {
                _idle.Push(item);
                return;
            }
        }

        if (next is null) item.Dispose();
        else next.SetResult(item);
    }

    /// <summary>Disposes an object whose state is unknown (a native call failed) and frees its slot for a fresh one.</summary>
    public void Discard(T item)
    {
        item.Dispose();
        ReleaseSlot();
    }

    private T CreateInSlot()
    {
        try
        {
            var item = _create();
            Interlocked.Increment(ref _created);
            return item;
        }
        catch
        {
            ReleaseSlot();
            throw;
        }
    }

    private void ReleaseSlot()
    {
        TaskCompletionSource<T?>? next = null;
        lock (_gate)
        {
            if (_waiters.First is { } first && !_disposed)
            {
                // The slot goes straight to the longest waiter, who creates the object.
                _waiters.RemoveFirst();
                next = first.Value;
            }
            else
            {
                _slotsTaken--;
            }
        }

        next?.SetResult(null);
    }

    /// <summary>Frees the idle objects; objects still rented are freed when they come back.</summary>
    public void Dispose()
    {
        List<T> idle;
        List<TaskCompletionSource<T?>> waiters;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            idle = [.. _idle];
            _idle.Clear();
            waiters = [.. _waiters];
            _waiters.Clear();
        }

        foreach (var item in idle) item.Dispose();
        foreach (var waiter in waiters) waiter.TrySetException(new ObjectDisposedException(GetType().Name));
    }
}
