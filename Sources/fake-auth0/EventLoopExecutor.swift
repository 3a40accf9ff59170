import CSwiftConcurrencyHook
import NIOCore
import NIOPosix

/// Runs Swift concurrency's tasks on NIO's event loops (one thread per core) instead of a second pool
/// of threads: a request is then handled on the thread that read it, with no hop between threads
/// (faster, and fewer threads and malloc arenas to keep in memory). What NIO's
/// `unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor` does, without looking the
/// runtime's hook up by name, which fails in a binary with the Swift runtime linked in statically.
enum EventLoopExecutor {
    /// Installs the hook; call it once, first thing in `main`, before any task is started.
    static func install() {
        let enqueue: @convention(c) (UnsafeMutableRawPointer, UnsafeMutableRawPointer?) -> Void = { job, _ in
            // the sticky choice: the current event loop when called from one
            MultiThreadedEventLoopGroup.singleton.any().enqueue(ExecutorJob(unsafeBitCast(job, to: UnownedJob.self)))
        }
        fake_auth0_set_enqueue_global_hook(unsafeBitCast(enqueue, to: UnsafeMutableRawPointer.self))
    }
}
