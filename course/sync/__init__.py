"""sync (part 2): sync.Mutex, RWMutex, WaitGroup and Once as Go 1.19 builds them.

One module per file of Go's ``sync`` package: ``mutex.py`` (``sync/mutex.go``),
``rwmutex.py`` (``sync/rwmutex.go``), ``waitgroup.py`` (``sync/waitgroup.go``) and ``once.py``
(``sync/once.go``); their semaphores are ``course/sema.py`` (``runtime/sema.go``). A sync value
is a row of ``State.syncs`` (see ``course.runtime2``: ``MU_STATE``, ``RW_READERCOUNT`` ...).
Each operation is one VM instruction; one that must wait parks the G in ``semacquire1`` and
runs again when the G is woken (``WAKE_SEMA``), going on where Go's code goes on.
"""
