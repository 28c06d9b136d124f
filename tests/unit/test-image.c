/* SPDX-License-Identifier: ISC */
/* test-image.c: unit tests of image.c, file decoding and the JSON form. */

#include <sys/types.h>
#include <sys/stat.h>

#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>
#include <cjson/cJSON.h>

#include "chatroom.h"
#include "image.h"

#define GOLDEN_QUADRANTS "tests/data/image-quadrants-ascii.txt"

static void	 write_file(const char *, const void *, size_t);
static void	 write_quadrants(const char *);
static void	 write_ppm(const char *, u_int, u_int);
static char	*dump_image(const struct image *);
static char	*read_text(const char *);
static struct image *load(const char *, u_int, const char *, const char *);
static cJSON	*image_json(const struct image *);
static void	 expect_reject(cJSON *, const char *);
static void	 replace_row(cJSON *, const char *, int, const char *);
static int	 group_setup(void **);
static int	 group_teardown(void **);
static void	 test_golden(void **);
static void	 test_fstein_deterministic(void **);
static void	 test_missing(void **);
static void	 test_not_image(void **);
static void	 test_directory(void **);
static void	 test_unknown_names(void **);
static void	 test_clamp_width(void **);
static void	 test_default_width(void **);
static void	 test_clamp_height(void **);
static void	 test_no_enlarge(void **);
static void	 test_charsets(void **);
static void	 test_json_roundtrip(void **);
static void	 test_json_rejects(void **);
static void	 test_json_worst_case(void **);

static char	tmpdir[PATH_MAX / 2];	/* leaves room for file names */
static char	quadrants[PATH_MAX];
static char	tall[PATH_MAX];
static char	wide[PATH_MAX];
static char	fake_png[PATH_MAX];

/* Write len bytes to a new file, failing the test on error. */
static void
write_file(const char *path, const void *buf, size_t len)
{
	FILE	*f;

	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/*
 * Draw a 64x32 binary PPM: red, green, blue and yellow quadrants, each
 * brightening from left to right so the dither uses several characters.
 */
static void
write_quadrants(const char *path)
{
	static const u_char	 base[4][3] = {
		{ 255, 0, 0 }, { 0, 255, 0 }, { 0, 0, 255 }, { 255, 255, 0 }
	};
	u_char			*buf, *p;
	u_int			 x, y, q, i;
	int			 n;
	size_t			 len;

	len = 64 + 64 * 32 * 3;
	buf = malloc(len);
	assert_non_null(buf);
	n = snprintf((char *)buf, 64, "P6\n64 32\n255\n");
	p = buf + n;
	for (y = 0; y < 32; y++) {
		for (x = 0; x < 64; x++) {
			q = (y >= 16) * 2 + (x >= 32);
			for (i = 0; i < 3; i++)
				*p++ = base[q][i] * ((x % 32) + 1) / 32;
		}
	}
	write_file(path, buf, p - buf);
	free(buf);
}

/* Draw a w x h grey PPM gradient. */
static void
write_ppm(const char *path, u_int w, u_int h)
{
	u_char	*buf, *p;
	u_int	 x, y;
	int	 n;

	buf = malloc(64 + (size_t)w * h * 3);
	assert_non_null(buf);
	n = snprintf((char *)buf, 64, "P6\n%u %u\n255\n", w, h);
	p = buf + n;
	for (y = 0; y < h; y++) {
		for (x = 0; x < w; x++) {
			*p++ = x * 255 / w;
			*p++ = y * 255 / h;
			*p++ = 128;
		}
	}
	write_file(path, buf, p - buf);
	free(buf);
}

/* Make the fixtures in a fresh temporary directory. */
static int
group_setup(void **state)
{
	const char	*base;
	static const char text[] = "this is not a picture\n";

	(void)state;
	if ((base = getenv("TMPDIR")) == NULL || *base == '\0')
		base = "/tmp";
	snprintf(tmpdir, sizeof tmpdir, "%s/test-image.XXXXXX", base);
	if (mkdtemp(tmpdir) == NULL)
		return (-1);
	snprintf(quadrants, sizeof quadrants, "%s/quadrants.ppm", tmpdir);
	snprintf(tall, sizeof tall, "%s/tall.ppm", tmpdir);
	snprintf(wide, sizeof wide, "%s/wide.ppm", tmpdir);
	snprintf(fake_png, sizeof fake_png, "%s/notes.png", tmpdir);
	write_quadrants(quadrants);
	write_ppm(tall, 8, 400);
	write_ppm(wide, 400, 200);
	write_file(fake_png, text, sizeof text - 1);
	return (0);
}

/* Remove the fixtures. */
static int
group_teardown(void **state)
{
	(void)state;
	unlink(quadrants);
	unlink(tall);
	unlink(wide);
	unlink(fake_png);
	rmdir(tmpdir);
	return (0);
}

/* Load a fixture that must convert, and check the grid invariants. */
static struct image *
load(const char *path, u_int width, const char *charset, const char *dither)
{
	struct image	*im;
	char		*cause = NULL;
	cJSON		*obj;
	struct image	*back;

	if (image_from_file(path, width, 0, charset, dither, &im,
	    &cause) != 0)
		fail_msg("%s", cause);
	assert_null(cause);
	assert_non_null(im);
	assert_in_range(im->w, 1, IMAGE_MAX_W);
	assert_in_range(im->h, 1, IMAGE_MAX_H);

	/* What we make, we must accept from a peer. */
	obj = image_json(im);
	back = image_from_json(obj, &cause);
	if (back == NULL)
		fail_msg("%s", cause);
	image_free(back);
	cJSON_Delete(obj);
	return (im);
}

/* Render an image as the golden-file text: size, rows, fg, bg. */
static char *
dump_image(const struct image *im)
{
	char	*out, *p;
	size_t	 len;
	u_int	 x, y;

	len = 64;
	for (y = 0; y < im->h; y++)
		len += strlen(im->rows[y]) + 3 + 2 * ((size_t)im->w + 1);
	out = p = malloc(len);
	assert_non_null(out);
	p += sprintf(p, "%u %u\n", im->w, im->h);
	for (y = 0; y < im->h; y++)
		p += sprintf(p, "|%s|\n", im->rows[y]);
	p += sprintf(p, "fg\n");
	for (y = 0; y < im->h; y++) {
		for (x = 0; x < im->w; x++)
			*p++ = "0123456789abcdef"[im->fg[y * im->w + x]];
		*p++ = '\n';
	}
	p += sprintf(p, "bg\n");
	for (y = 0; y < im->h; y++) {
		for (x = 0; x < im->w; x++)
			*p++ = "0123456789abcdef"[im->bg[y * im->w + x]];
		*p++ = '\n';
	}
	*p = '\0';
	return (out);
}

/* Read a whole text file, or return NULL. */
static char *
read_text(const char *path)
{
	FILE	*f;
	char	*buf;
	long	 len;

	if ((f = fopen(path, "rb")) == NULL)
		return (NULL);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	buf = malloc(len + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, len, f), (size_t)len);
	buf[len] = '\0';
	fclose(f);
	return (buf);
}

/* Parse image_to_json output back into a cJSON tree. */
static cJSON *
image_json(const struct image *im)
{
	char	*text;
	cJSON	*obj;

	text = image_to_json(im);
	assert_non_null(text);
	assert_true(strlen(text) <= IMAGE_JSON_MAX);
	obj = cJSON_Parse(text);
	assert_non_null(obj);
	free(text);
	return (obj);
}

/*
 * Compare a fixed conversion with the golden file.  Dithering "none" keeps it
 * independent of libcaca's error diffusion; CHATROOM_UPDATE_GOLDEN=1
 * rewrites the file instead.
 */
static void
test_golden(void **state)
{
	struct image	*im;
	const char	*top;
	char		 path[PATH_MAX], *got, *want;

	(void)state;
	if ((top = getenv("top_srcdir")) == NULL || *top == '\0')
		top = ".";
	snprintf(path, sizeof path, "%s/%s", top, GOLDEN_QUADRANTS);

	im = load(quadrants, 32, "ascii", "none");
	assert_int_equal(im->w, 32);
	assert_int_equal(im->h, 8);
	got = dump_image(im);
	image_free(im);

	if (getenv("CHATROOM_UPDATE_GOLDEN") != NULL) {
		write_file(path, got, strlen(got));
		free(got);
		return;
	}
	want = read_text(path);
	if (want == NULL)
		fail_msg("%s: cannot read golden file", path);
	if (strcmp(got, want) != 0) {
		fprintf(stderr, "got:\n%swant:\n%s", got, want);
		fail_msg("%s differs", path);
	}
	free(got);
	free(want);
}

/* Floyd-Steinberg, the default, must give the same grid every time. */
static void
test_fstein_deterministic(void **state)
{
	struct image	*a, *b;
	char		*da, *db;

	(void)state;
	a = load(quadrants, 40, NULL, NULL);
	b = load(quadrants, 40, "ascii", "fstein");
	da = dump_image(a);
	db = dump_image(b);
	assert_string_equal(da, db);
	free(da);
	free(db);
	image_free(a);
	image_free(b);
}

/* A missing file is an error that names the path. */
static void
test_missing(void **state)
{
	struct image	*im = (void *)1;
	char		 path[PATH_MAX], *cause = NULL;

	(void)state;
	snprintf(path, sizeof path, "%s/no-such-picture.png", tmpdir);
	assert_int_equal(image_from_file(path, 40, 0, NULL, NULL, &im, &cause),
	    -1);
	assert_null(im);
	assert_non_null(cause);
	assert_non_null(strstr(cause, path));
	free(cause);
}

/* Text with an image extension is refused, naming the path. */
static void
test_not_image(void **state)
{
	struct image	*im = NULL;
	char		*cause = NULL;

	(void)state;
	assert_int_equal(image_from_file(fake_png, 40, 0, NULL, NULL, &im,
	    &cause), -1);
	assert_null(im);
	assert_non_null(cause);
	assert_non_null(strstr(cause, fake_png));
	free(cause);
}

/* A directory is refused before Imlib2 sees it. */
static void
test_directory(void **state)
{
	struct image	*im = NULL;
	char		*cause = NULL;

	(void)state;
	assert_int_equal(image_from_file(tmpdir, 40, 0, NULL, NULL, &im, &cause),
	    -1);
	assert_null(im);
	assert_non_null(strstr(cause, tmpdir));
	free(cause);
}

/* Unknown character sets and dithers are errors. */
static void
test_unknown_names(void **state)
{
	struct image	*im = NULL;
	char		*cause = NULL;

	(void)state;
	assert_int_equal(image_from_file(quadrants, 40, 0, "braille", NULL, &im,
	    &cause), -1);
	assert_non_null(strstr(cause, "braille"));
	free(cause);
	cause = NULL;
	assert_int_equal(image_from_file(quadrants, 40, 0, NULL, "atkinson", &im,
	    &cause), -1);
	assert_non_null(strstr(cause, "atkinson"));
	free(cause);
	assert_true(image_check_charset("blocks"));
	assert_false(image_check_charset("Blocks"));
	assert_true(image_check_dither("ordered8"));
	assert_false(image_check_dither(""));
}

/* A width past the limit is clamped; rows follow the 2:1 cell aspect. */
static void
test_clamp_width(void **state)
{
	struct image	*im;

	(void)state;
	im = load(wide, 500, NULL, NULL);
	assert_int_equal(im->w, IMAGE_MAX_W);
	assert_int_equal(im->h, 40);
	image_free(im);
}

/* A picture is never enlarged past a cell per pixel. */
static void
test_no_enlarge(void **state)
{
	struct image	*im;
	char		*cause = NULL;

	(void)state;
	im = load(quadrants, 500, NULL, NULL);	/* 64 x 32 pixels */
	assert_int_equal(im->w, 64);
	assert_int_equal(im->h, 16);
	image_free(im);

	/* A height cap narrows the picture to keep its shape. */
	if (image_from_file(wide, 80, 10, NULL, NULL, &im, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(im->h, 10);
	assert_int_equal(im->w, 40);
	image_free(im);
}

/* Width 0 means the default. */
static void
test_default_width(void **state)
{
	struct image	*im;

	(void)state;
	im = load(wide, 0, NULL, NULL);
	assert_int_equal(im->w, IMAGE_DEFAULT_W);
	assert_int_equal(im->h, 20);
	image_free(im);
}

/* A tall picture is capped at IMAGE_MAX_H rows and narrowed to match. */
static void
test_clamp_height(void **state)
{
	struct image	*im;

	(void)state;
	im = load(tall, 80, NULL, NULL);
	assert_int_equal(im->h, IMAGE_MAX_H);
	assert_int_equal(im->w, 4);
	image_free(im);
}

/* Every charset and dither converts to a valid grid. */
static void
test_charsets(void **state)
{
	static const char	*charsets[] = { "ascii", "shades", "blocks" };
	static const char	*dithers[] = {
		"fstein", "none", "ordered2", "ordered4", "ordered8", "random"
	};
	struct image		*im;
	u_int			 i, j;

	(void)state;
	for (i = 0; i < 3; i++) {
		for (j = 0; j < 6; j++) {
			im = load(quadrants, 48, charsets[i], dithers[j]);
			assert_int_equal(im->w, 48);
			assert_int_equal(im->h, 12);
			image_free(im);
		}
	}
}

/* image_to_json then image_from_json gives back the same image. */
static void
test_json_roundtrip(void **state)
{
	struct image	*a, *b;
	cJSON		*obj;
	char		*cause = NULL;
	u_int		 y;

	(void)state;
	a = load(quadrants, 64, "blocks", "fstein");
	obj = image_json(a);
	b = image_from_json(obj, &cause);
	assert_null(cause);
	assert_non_null(b);
	assert_int_equal(a->w, b->w);
	assert_int_equal(a->h, b->h);
	for (y = 0; y < a->h; y++)
		assert_string_equal(a->rows[y], b->rows[y]);
	assert_memory_equal(a->fg, b->fg, (size_t)a->w * a->h);
	assert_memory_equal(a->bg, b->bg, (size_t)a->w * a->h);
	cJSON_Delete(obj);
	image_free(a);
	image_free(b);
}

/* Check that image_from_json refuses obj; then free it. */
static void
expect_reject(cJSON *obj, const char *what)
{
	struct image	*im;
	char		*cause = NULL;

	im = image_from_json(obj, &cause);
	if (im != NULL)
		fail_msg("accepted %s", what);
	assert_non_null(cause);
	free(cause);
	cJSON_Delete(obj);
}

/* Replace row i of array member name with the string s. */
static void
replace_row(cJSON *obj, const char *name, int i, const char *s)
{
	cJSON	*arr;

	arr = cJSON_GetObjectItemCaseSensitive(obj, name);
	assert_non_null(arr);
	assert_true(cJSON_ReplaceItemInArray(arr, i, cJSON_CreateString(s)));
}

/* Malformed images from a hostile peer are all refused. */
static void
test_json_rejects(void **state)
{
	struct image	*im;
	cJSON		*obj, *arr;
	u_int		 i;

	(void)state;
	im = load(quadrants, 4, "ascii", "none");
	assert_int_equal(im->w, 4);
	assert_int_equal(im->h, 1);

	obj = image_json(im);
	cJSON_ReplaceItemInObject(obj, "w", cJSON_CreateNumber(5));
	expect_reject(obj, "wrong w");

	obj = image_json(im);
	cJSON_ReplaceItemInObject(obj, "w", cJSON_CreateNumber(3.5));
	expect_reject(obj, "fractional w");

	obj = image_json(im);
	cJSON_ReplaceItemInObject(obj, "w", cJSON_CreateString("4"));
	expect_reject(obj, "string w");

	obj = image_json(im);
	cJSON_ReplaceItemInObject(obj, "w", cJSON_CreateNumber(0));
	expect_reject(obj, "zero w");

	obj = image_json(im);
	cJSON_ReplaceItemInObject(obj, "w", cJSON_CreateNumber(161));
	expect_reject(obj, "w over the limit");

	obj = image_json(im);
	replace_row(obj, "rows", 0, "abc");
	expect_reject(obj, "short row");

	obj = image_json(im);
	replace_row(obj, "rows", 0, "abcde");
	expect_reject(obj, "long row");

	obj = image_json(im);
	replace_row(obj, "rows", 0, "ab\033c");
	expect_reject(obj, "control character");

	obj = image_json(im);
	replace_row(obj, "rows", 0, "ab\xe2\x80\x8b" "c");
	expect_reject(obj, "zero-width character");

	obj = image_json(im);
	replace_row(obj, "rows", 0, "ab\xe4\xb8\x80" "c");
	expect_reject(obj, "wide character");

	obj = image_json(im);
	replace_row(obj, "rows", 0, "ab\xc0\xa0" "c");
	expect_reject(obj, "overlong UTF-8");

	obj = image_json(im);
	replace_row(obj, "fg", 0, "0g12");
	expect_reject(obj, "bad hex");

	obj = image_json(im);
	replace_row(obj, "bg", 0, "012");
	expect_reject(obj, "short colour row");

	obj = image_json(im);
	arr = cJSON_GetObjectItemCaseSensitive(obj, "bg");
	cJSON_AddItemToArray(arr, cJSON_CreateString("0000"));
	expect_reject(obj, "extra colour row");

	obj = image_json(im);
	cJSON_DeleteItemFromObject(obj, "fg");
	expect_reject(obj, "missing fg");

	obj = image_json(im);
	arr = cJSON_GetObjectItemCaseSensitive(obj, "rows");
	cJSON_ReplaceItemInArray(arr, 0, cJSON_CreateNumber(7));
	expect_reject(obj, "row not a string");

	expect_reject(cJSON_CreateArray(), "an array");

	/* h = 101 with 101 well-formed rows. */
	obj = cJSON_CreateObject();
	cJSON_AddNumberToObject(obj, "w", 4);
	cJSON_AddNumberToObject(obj, "h", IMAGE_MAX_H + 1);
	arr = cJSON_AddArrayToObject(obj, "rows");
	for (i = 0; i < IMAGE_MAX_H + 1; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString("abcd"));
	arr = cJSON_AddArrayToObject(obj, "fg");
	for (i = 0; i < IMAGE_MAX_H + 1; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString("0123"));
	arr = cJSON_AddArrayToObject(obj, "bg");
	for (i = 0; i < IMAGE_MAX_H + 1; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString("4567"));
	expect_reject(obj, "h over the limit");

	image_free(im);
}

/*
 * The biggest image in the widest glyphs fits IMAGE_JSON_MAX, and that fits
 * an image frame with room for the rest of the message.
 */
static void
test_json_worst_case(void **state)
{
	struct image	 im;
	char		*rows[IMAGE_MAX_H], *text, *cause = NULL;
	uint8_t		 fg[IMAGE_MAX_W * IMAGE_MAX_H];
	uint8_t		 bg[IMAGE_MAX_W * IMAGE_MAX_H];
	u_int		 x, y;
	size_t		 len;
	cJSON		*obj;
	struct image	*back;

	(void)state;
	for (y = 0; y < IMAGE_MAX_H; y++) {
		rows[y] = malloc(IMAGE_MAX_W * 3 + 1);
		assert_non_null(rows[y]);
		for (x = 0; x < IMAGE_MAX_W; x++)
			memcpy(rows[y] + 3 * x, "\xe2\x96\x88", 3);
		rows[y][IMAGE_MAX_W * 3] = '\0';
	}
	memset(fg, 15, sizeof fg);
	memset(bg, 12, sizeof bg);
	im.w = IMAGE_MAX_W;
	im.h = IMAGE_MAX_H;
	im.rows = rows;
	im.fg = fg;
	im.bg = bg;

	text = image_to_json(&im);
	len = strlen(text);
	print_message("worst case image JSON: %zu bytes (bound %d)\n", len,
	    IMAGE_JSON_MAX);
	assert_true(len <= IMAGE_JSON_MAX);
	assert_true(IMAGE_JSON_MAX + CR_LINE_MAX <= CR_IMAGE_LINE_MAX);

	obj = cJSON_Parse(text);
	assert_non_null(obj);
	back = image_from_json(obj, &cause);
	assert_non_null(back);
	assert_string_equal(back->rows[IMAGE_MAX_H - 1], rows[IMAGE_MAX_H - 1]);
	image_free(back);
	cJSON_Delete(obj);
	free(text);
	for (y = 0; y < IMAGE_MAX_H; y++)
		free(rows[y]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden),
		cmocka_unit_test(test_fstein_deterministic),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_not_image),
		cmocka_unit_test(test_directory),
		cmocka_unit_test(test_unknown_names),
		cmocka_unit_test(test_clamp_width),
		cmocka_unit_test(test_default_width),
		cmocka_unit_test(test_clamp_height),
		cmocka_unit_test(test_no_enlarge),
		cmocka_unit_test(test_charsets),
		cmocka_unit_test(test_json_roundtrip),
		cmocka_unit_test(test_json_rejects),
		cmocka_unit_test(test_json_worst_case),
	};

	return (cmocka_run_group_tests(tests, group_setup, group_teardown));
}
