#ifndef MADOGUCHI_CNCURSES_SHIM_H
#define MADOGUCHI_CNCURSES_SHIM_H
// SwiftPM drops pkg-config's -D_XOPEN_SOURCE, which hides the wide-character API.
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <ncursesw/curses.h>

// glibc's wcwidth is missing from Swift's Glibc module.
extern int wcwidth(wchar_t);

// Macros Swift does not import: attributes, colour pairs, key codes, window sizes.
static inline attr_t mado_A_NORMAL(void) { return A_NORMAL; }
static inline attr_t mado_A_BOLD(void) { return A_BOLD; }
static inline attr_t mado_A_DIM(void) { return A_DIM; }
static inline attr_t mado_A_UNDERLINE(void) { return A_UNDERLINE; }
static inline attr_t mado_A_REVERSE(void) { return A_REVERSE; }
static inline attr_t mado_A_STANDOUT(void) { return A_STANDOUT; }
static inline int mado_COLOR_PAIR(int n) { return (int)COLOR_PAIR(n); }
static inline int mado_KEY_F(int n) { return KEY_F(n); }
static inline int mado_getmaxy(WINDOW *w) { int y, x; getmaxyx(w, y, x); (void)x; return y; }
static inline int mado_getmaxx(WINDOW *w) { int y, x; getmaxyx(w, y, x); (void)y; return x; }
static inline int mado_getcurx(WINDOW *w) { return getcurx(w); }

// Swift 6 rejects the mutable globals stdscr, LINES, COLS and stdout.
static inline WINDOW *mado_stdscr(void) { return stdscr; }
static inline int mado_lines(void) { return LINES; }
static inline int mado_cols(void) { return COLS; }
static inline int mado_colors(void) { return COLORS; }

// Line drawing characters are runtime tables, valid only after newterm.
static inline const cchar_t *mado_WACS_HLINE(void) { return WACS_HLINE; }
static inline const cchar_t *mado_WACS_VLINE(void) { return WACS_VLINE; }

// Termination signals: the handler only records the signal (async-signal-safe); the read
// loop sees it within one timeout and restores the terminal on its normal way out.
static volatile sig_atomic_t mado_pending_signal = 0;
static void mado_on_signal(int sig) { mado_pending_signal = sig; }
static inline void mado_install_signal_handlers(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = mado_on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART: a blocked read returns so the loop can leave
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGQUIT, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);  // ^C is a key in raw mode; this is only `kill -INT`
}
static inline int mado_take_pending_signal(void) {
    int sig = mado_pending_signal;
    mado_pending_signal = 0;
    return sig;
}
#endif
