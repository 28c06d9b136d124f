/* SPDX-License-Identifier: ISC */
/* tui.h: what the parts of the terminal client share (tui*.c only). */

#ifndef TUI_H
#define TUI_H

#include <sys/time.h>

#include <curses.h>

#define TUI_MIN_COLS	20	/* below this, "terminal too small" */
#define TUI_MIN_LINES	5
#define TUI_TITLE_MIN_TOPIC	4	/* columns of topic worth a dash */
#define TUI_LIST_COLS	70	/* the room list needs this many columns */
#define TUI_LIST_WIDTH	16	/* the room list, without its border */
#define TUI_FRAME_MS	16	/* at most ~60 redraws a second */
#define TUI_HISTORY	200	/* input lines remembered */
#define TUI_IMAGE_W	120	/* widest picture /image sends by default */
#define TUI_IDLE_MAX	1000	/* empty stdin wake-ups that mean EOF */
#define TUI_PASTE_ASK	5	/* more lines than this ask before sending */
#define TUI_PASTE_LINES	10000	/* a paste is cut after this many lines */
#define TUI_INPUT_MAX	(1024 * 1024)	/* bytes; a paste is cut before */
#define TUI_LIMIT_WARN	200	/* characters before the limit to count down */
#define TUI_FILES_MAX	200	/* file names Tab offers */
#define TUI_LOG_NEW	50	/* new log files a kind the hub opens */
#define TUI_LOG_NEW_MAX	1000000	/* LOG_NEW_FILES at most; 0: no bound */

#define TUI_HOT_AT	32	/* hotlist entries a click can find */
#define TUI_FP_LINE	24	/* fingerprint bytes a line, as "AB:" each */
#define TUI_NICKS_WIDTH	16	/* the nick list pane, without its border */
#define TUI_NICKS_MIN_SB 40	/* scrollback columns the pane must leave */

#define TUI_NOTIFY_OFF		0
#define TUI_NOTIFY_OSC777	1
#define TUI_NOTIFY_OSC9		2

/* A line-drawing character, or its ASCII stand-in outside UTF-8 locales. */
#define TUI_ACS(t, acs, ch)	((t)->ascii ? (chtype)(ch) : (acs))

/* Colour pairs; TUI_PAIR_FG + n is colour n on the default background. */
#define TUI_PAIR_TITLE		1
#define TUI_PAIR_ERROR		2
#define TUI_PAIR_NOTICE		3
#define TUI_PAIR_MENTION	4
#define TUI_PAIR_DM		5
#define TUI_PAIR_UNREAD		6
#define TUI_PAIR_MARKER		7
#define TUI_PAIR_FG		8
#define TUI_PAIR_HOT		24	/* hotlist entries on the title bar */
#define TUI_PAIR_HOT_MENTION	25
#define TUI_PAIR_HOT_DM		26
#define TUI_PAIR_IMAGE		27	/* image cells, allocated on demand */
#define TUI_IRC_PAIRS		128	/* pairs IRC colours may make */

/* A window in the hotlist: its number in the room list and how hot. */
struct tui_hot {
	struct croom	*r;
	u_int		 num;
	int		 level;		/* 3 DM, 2 mention, 1 messages */
};

/*
 * A command's error held until the hub answers the requests sent before
 * it, so that errors show in the order the commands were typed.
 */
#define TUI_HELD_MAX	16
#define TUI_HELD_WAIT	5000	/* ms at most: a slow hub hides none */
struct tui_held {
	char			*text;
	int			 kept;		/* the line is in the history */
	long long		 seq;		/* the last request before */
	int64_t			 ms;		/* when it was held */
};

struct tui {
	struct event_base	*base;
	struct client		*client;
	struct client_ui	 ui;
	SCREEN			*screen;

	struct tui_held		 held[TUI_HELD_MAX];
	u_int			 nheld;
	int			 held_busy;

	struct event		*stdin_ev;
	struct event		*redraw_ev;
	struct event		*tick_ev;
	struct event		*sigwinch_ev;
	struct event		*sigcont_ev;
	struct event		*sigint_ev;
	struct event		*sigterm_ev;
	struct event		*sighup_ev;
	struct timeval		 last_draw;
	u_int			 idle;		/* stdin wake-ups with no key */
	int			 done;
	int			 rc;
	char			*exit_msg;	/* printed after endwin */
	int64_t			 retry_ms;	/* when the next retry is due */

	/* Settings (tui-settings.c). */
	int			 set_logs;
	int			 set_mouse;
	int			 set_title;
	int			 set_nick_colours;
	int			 set_irc_colours;
	int			 set_notify;	/* TUI_NOTIFY_* */
	char			*set_stamp;	/* strftime format, or NULL */
	u_int			 set_log_new;	/* new log files a kind */

	int			 title_on;	/* the title is ours */

	/* Where the last draw put clickable things. */
	int			 list_start;	/* room-list entry on the top row */
	int			 list_up;	/* the top row is a marker */
	int			 list_down;	/* the bottom row is a marker */
	struct {
		int		 x0;
		int		 x1;
		u_int		 num;
	}			 hot_at[TUI_HOT_AT]; /* hotlist entries */
	u_int			 nhot_at;
	char			*title;		/* the title last set */

	int64_t			 today;		/* local midnight, ms */
	int64_t			 tomorrow;

	int			 colour;	/* colours in use */
	int			 ascii;		/* not a UTF-8 locale */
	int			 colours16;	/* 16 colours, else bold 8 */
	short			 image_pair[16][16];
	int			 next_pair;
	int			 max_pairs;	/* pairs we may make */
	struct {
		short		 fg;
		short		 bg;
		short		 pair;
	}			 irc_pairs[TUI_IRC_PAIRS]; /* tui-draw-fmt.c */
	u_int			 nirc_pairs;

	/* Layout of the last draw. */
	int			 sb_x;
	int			 sb_y;
	int			 sb_w;
	int			 sb_h;
	int			 nl_x;		/* the nick list, or 0 */
	int			 nicklist;	/* the nick list is wanted */

	/*
	 * The scrollback view: following the end, or held with line
	 * "anchor" (counted over all lines ever added to the room) at the
	 * bottom with "skip" of its rows hidden below the screen.
	 */
	struct croom		*view;
	int			 scrolled;
	uint64_t		 anchor;
	u_int			 skip;

	/* The input line: UTF-8 with the cursor as a byte offset. */
	char			*buf;
	size_t			 len;
	size_t			 size;
	size_t			 cur;
	size_t			 first;		/* first byte shown */
	int			 nick_prompt;	/* asking for another nick */
	int			 trust_prompt;	/* asking to trust the hub */
	int			 pasting;	/* inside a bracketed paste */
	size_t			 paste_from;	/* where it went in */
	u_int			 paste_lines;	/* the lines it has begun */
	int			 paste_cut;	/* the rest of it is dropped */

	/* A search of the scrollback (casefolded text), and its hit. */
	char			*search;
	struct croom		*search_room;	/* compared, never followed */
	uint64_t		 search_hit;
	u_int			 search_total;
	u_int			 search_pos;
	int			 hl;		/* drawing the hit */
	int			 send_ask;	/* "send N lines?": messages */
	int			 key_chome;	/* Ctrl-Home, or -1 */
	int			 key_cend;	/* Ctrl-End, or -1 */
	int			 esc_seq;	/* in an unknown sequence: '[' or 'O' */

	/* Lines typed in other windows and left there (tui-draft.c). */
	struct {
		char		*key;
		char		*text;
	}			*drafts;
	u_int			 ndrafts;
	char			*draft_key;	/* the window the line is for */
	int			 submitting;	/* the line is being carried out */

	char			*hist[TUI_HISTORY];
	u_int			 nhist;
	u_int			 hist_pos;
	char			*hist_saved;

	char			**comp;		/* Tab completion candidates */
	u_int			 ncomp;
	u_int			 comp_idx;
	size_t			 comp_start;
	size_t			 comp_end;
	int			 comp_rooms;	/* 1: /rooms asked for Tab */
	size_t			 comp_rooms_at;	/* and the cursor then */
	size_t			 comp_rooms_len;

	/* The room picker. */
	int			 picker;
	int			 picker_asked;	/* the /rooms answer is ours */
	int			 picker_offer;	/* open it if there are rooms */
	int			 picker_space;	/* a space was typed: say why
						   it is not taken */
	int			 greeted;	/* logged in once */
	char			*filter;
	u_int			 sel;
};

/* tui.c */
void		 tui_dirty(struct tui *);
void		 tui_log_start(struct tui *);
void		 tui_resized(struct tui *);

/* tui-draw.c */
void		 tui_draw(struct tui *);
void		 tui_draw_layout(struct tui *);
attr_t		 tui_pair(struct tui *, int);
attr_t		 tui_nick_attr(struct tui *, const char *);
attr_t		 tui_image_attr(struct tui *, u_int, u_int, short *);
int		 tui_put(int, int, int, const char *, size_t, attr_t);
int		 tui_put_pair(int, int, int, const char *, size_t, attr_t,
		     short);
void		 tui_fill(int, int, int, attr_t);
char		*tui_ellipsize(const char *, size_t);
int		 tui_put_clipped(int, int, int, const char *, attr_t);
void		 tui_scroll(struct tui *, int);
void		 tui_scroll_show(struct tui *, struct croom *);
void		 tui_scroll_keep(struct tui *);
void		 tui_scroll_top(struct tui *);
void		 tui_scroll_bottom(struct tui *);
void		 tui_scroll_to(struct tui *, uint64_t);
int		 tui_scroll_page(struct tui *);

/* tui-draw-sb.c */
void		 tui_draw_sb(struct tui *);
u_int		 tui_draw_sb_rows(struct tui *, struct cbuf *, uint64_t);
int		 tui_draw_sb_pending(struct tui *, struct croom *, int, int,
		     int, int, u_int *);

/* tui-draw-bar.c */
void		 tui_draw_bar(struct tui *);

/* tui-draw-fmt.c */
int		 tui_draw_fmt_text(struct tui *, struct cline *, int, int, int,
		     size_t, size_t, attr_t);

/* tui-paste.c */
void		 tui_paste_start(void);
void		 tui_paste_stop(void);
int		 tui_paste_key(struct tui *, wint_t, int, int);
u_int		 tui_paste_lines(struct tui *);
size_t		 tui_paste_end(const char *, size_t);
int		 tui_paste_ask(struct tui *);
int		 tui_paste_answer(struct tui *, wint_t, int, int);
char		*tui_paste_prompt(struct tui *);

/* tui-settings.c */
void		 tui_settings_load(struct tui *, struct target *);

/* tui-files.c */
u_int		 tui_files_complete(struct tui *, const char *);

/* tui-draft.c */
void		 tui_draft_switch(struct tui *);
void		 tui_draft_free(struct tui *);

/* tui-nicklist.c */
int		 tui_nicklist_shown(struct tui *, int);
void		 tui_nicklist_toggle(struct tui *);
int		 tui_nicklist_command(struct client *);
void		 tui_nicklist_draw(struct tui *);
char		*tui_nicklist_count(struct tui *, struct croom *);

/* tui-mouse.c */
void		 tui_mouse_start(struct tui *);
void		 tui_mouse_stop(void);
int		 tui_mouse_key(struct tui *, wint_t, int);

/* tui-title.c */
void		 tui_title_start(struct tui *);
void		 tui_title_stop(struct tui *);
void		 tui_title_update(struct tui *);
void		 tui_title_notify(struct tui *, struct croom *, struct cline *);

/* tui-search.c */
void		 tui_search_end(struct tui *);
void		 tui_search_step(struct tui *, int);
int		 tui_search_start(struct tui *, const char *, char **);
int		 tui_search_command(struct client *, const char *, char **);
char		*tui_search_title(struct tui *, char **);
int		 tui_search_is_hit(struct tui *, struct croom *, uint64_t);

/* tui-marks.c */
void		 tui_marks_today(struct tui *);
void		 tui_marks_stamp(struct tui *, int64_t, char *, size_t);
void		 tui_marks_hold(struct tui *, struct croom *);
u_int		 tui_marks_rows(struct tui *, struct croom *, uint64_t);
u_int		 tui_marks_draw(struct tui *, struct croom *, uint64_t, int, int,
		     int, int, int);

/* tui-input.c */
void		 tui_input_init(struct tui *);
void		 tui_input_free(struct tui *);
void		 tui_held_flush(struct tui *, int);
void		 tui_input_key(struct tui *, wint_t, int, int);
void		 tui_input_clear(struct tui *);
void		 tui_input_set(struct tui *, const char *);
void		 tui_input_insert(struct tui *, const char *, size_t);
void		 tui_input_delete(struct tui *, size_t, size_t);
void		 tui_input_send(struct tui *);
void		 tui_input_recall(struct client *, const char *);
void		 tui_switch(struct tui *, struct croom *);
struct croom	*tui_room_at(struct tui *, u_int);

/* tui-comp.c */
void		 tui_comp_reset(struct tui *);
void		 tui_comp_add_whole(struct tui *, const char *, const char *);
void		 tui_comp_word(struct tui *);
int		 tui_comp_rooms(struct tui *);

/* tui-picker.c */
u_int		 tui_picker_rows(struct tui *, struct roominfo ***);
void		 tui_picker_open(struct tui *);
void		 tui_picker_close(struct tui *);
void		 tui_picker_key(struct tui *, wint_t, int, int);
void		 tui_picker_draw(struct tui *, int *, int *);

/* tui-hotlist.c */
u_int		 tui_hotlist(struct tui *, struct tui_hot **);
void		 tui_hotlist_entry(struct tui_hot *, char *, size_t);
int		 tui_hotlist_width(struct tui *);
int		 tui_hotlist_min_width(struct tui *);
int		 tui_hotlist_draw(struct tui *, int, int, int, attr_t);
void		 tui_hotlist_next(struct tui *);
u_int		 tui_hotlist_among(struct tui *, u_int, u_int, int *, u_int *,
		    u_int *);

#endif
