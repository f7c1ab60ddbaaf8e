"""Running pyHanko's async clients from the app's synchronous code."""
import asyncio
import concurrent.futures


def run_sync(coro):
    """Run a coroutine to its end, also when called from inside a running event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()
