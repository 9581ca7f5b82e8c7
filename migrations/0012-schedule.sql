-- tracedb recording format, version 12: trace-rec --replayable's schedule (one thread in user
-- space at a time, asynchronous signals held until a syscall boundary). Its own stops are kind
-- 'event': event 'preempt' (the watchdog interrupted a thread that made no syscall for a time
-- slice while others waited; regs as it was stopped) and event 'signal-held' (a signal came
-- while its thread ran user code and was not delivered there; sig, siginfo and regs as at a
-- signal stop). A default recording leaves this table empty.

-- Where each held signal was delivered: a 'signal' stop of the same thread and signal, with the
-- siginfo the program got (the original one).
CREATE TABLE signal_deliveries (
  seq      INTEGER PRIMARY KEY,             -- the signal stop that delivered it
  held_seq INTEGER NOT NULL,                -- its 'signal-held' event stop
  async    INTEGER NOT NULL                 -- 0: right after a syscall stop of its thread (a sync
                                            -- point); 1: the thread made no syscall within the time
                                            -- slice, delivered wherever it was (regs of the stop)
);
