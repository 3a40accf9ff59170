// The Swift runtime's hook for the global executor (libswift_Concurrency): jobs of tasks with no
// executor of their own go to the function it points to. Declared here and set from Swift, so that
// a binary with the Swift runtime linked in statically can set it too (its symbol is not exported
// there, so it cannot be looked up at run time).
#ifndef FAKE_AUTH0_CSWIFTCONCURRENCYHOOK_H
#define FAKE_AUTH0_CSWIFTCONCURRENCYHOOK_H

extern void *_Nullable swift_task_enqueueGlobal_hook;

/// Points the runtime's global-executor hook at `hook`, a function taking the job and the runtime's
/// own enqueue function.
static inline void fake_auth0_set_enqueue_global_hook(void *_Nullable hook) {
    swift_task_enqueueGlobal_hook = hook;
}

#endif
