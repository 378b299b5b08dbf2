/*
 * signals.c -- what Ctrl-C (SIGINT) and SIGTERM do to the erg program.
 * By default either ends erg at once, as the signal would, after removing
 * the temporary files and directories of the writes in progress (through
 * erg_out_remove_temporaries, async-signal-safe): the targets keep their
 * old contents and nothing is left beside them; the exit status is the
 * signal's (130, 143).  A command whose work can stop cleanly catches
 * SIGINT instead (cli_catch_interrupt): long analyses poll the flag
 * through erg_analysis_opts.interrupt, the shell interrupts the running
 * chunk with erg_lua_interrupt or clears the line at its prompt.
 */
#include "cli.h"
#include "../erg_lua.h"

#include <signal.h>
#include <string.h>

volatile sig_atomic_t cli_interrupted;
static volatile sig_atomic_t catching;
static erg_lua *volatile engine;

static void die_of(int sig) {
    erg_out_remove_temporaries();
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
    /* the signal is blocked while its handler runs: unblock it, so that
     * raising it ends the process now with the signal's status */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(sig);
}

/* Only async-signal-safe calls here: the flag, lua_sethook (through
 * erg_lua_interrupt) and die_of's unlink, rmdir, sigaction and raise. */
static void on_signal(int sig) {
    if (sig == SIGINT && catching) {
        cli_interrupted = 1;
        erg_lua *E = engine;
        if (E) erg_lua_interrupt(E);
        return;
    }
    die_of(sig);
}

/* A signal the parent set to be ignored stays ignored (a shell script's
 * background job must not die of the terminal's Ctrl-C). */
static void install(int sig) {
    struct sigaction sa, old;
    if (sigaction(sig, NULL, &old) == 0 && old.sa_handler == SIG_IGN) return;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    /* no SA_RESTART: a read at the shell's prompt returns on Ctrl-C */
    sigaction(sig, &sa, NULL);
}

void cli_signals_install(void) {
    install(SIGINT);
    install(SIGTERM);
}

void cli_catch_interrupt(erg_lua *E) {
    cli_interrupted = 0;
    engine = E;
    catching = 1;
}

void cli_release_interrupt(void) {
    catching = 0;
    engine = NULL;
}

void cli_die_of_interrupt(void) {
    cli_release_interrupt();
    fflush(stdout);
    die_of(SIGINT);
}
