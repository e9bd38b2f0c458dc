/* Unit tests for job/photo_memo.c: a shrunk photo kept for its packet.
 *
 * The memo hands back what was kept only while the photo file is the one it
 * was made from and the kept copy reads back whole; it keeps only shrunk
 * JPEGs; it leaves no temporary behind. The image bytes here are not a real
 * picture (the memo never decodes them): a JPEG's first and last markers
 * around a counter. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/fs.h"
#include "harness.h"
#include "job/photo_memo.h"

static char dir[] = "/tmp/ws-photo-memo-XXXXXX";
static char photo[4200];
static unsigned char shrunk[600];

static ws_image shrunk_image(void)
{
    shrunk[0] = 0xFF, shrunk[1] = 0xD8;
    for (size_t i = 2; i < sizeof shrunk - 2; i++) shrunk[i] = (unsigned char)(i * 7);
    shrunk[sizeof shrunk - 2] = 0xFF, shrunk[sizeof shrunk - 1] = 0xD9;
    return (ws_image){.kind = WS_IMAGE_JPEG, .path = photo, .width_px = 750, .height_px = 1000,
                      .components = 3, .orientation = 6, .data = shrunk, .size = sizeof shrunk,
                      .file_size = 4000000, .recoded = true};
}

/* The temporaries in dir: how many, and the path of the last one. */
static int temporaries(char *last, size_t n)
{
    DIR *d = opendir(dir);
    int count = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        if (!strncmp(e->d_name, WS_TMP_PREFIX, strlen(WS_TMP_PREFIX))) {
            count++;
            if (last) snprintf(last, n, "%s/%s", dir, e->d_name);
        }
    if (d) closedir(d);
    return count;
}

/* Writes the photo file anew with text; *sb its stat. */
static void write_photo(const char *text, struct stat *sb)
{
    FILE *f = fopen(photo, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
    CHECK(stat(photo, sb) == 0);
}

TEST(a_kept_photo_comes_back_while_its_file_is_unchanged)
{
    struct stat sb;
    write_photo("the phone's picture", &sb);
    ws_photo_memo *m = ws_photo_memo_create(dir);
    CHECK(m != NULL);
    if (!m) return;
    ws_arena *a = ws_arena_create(0);
    ws_image img = shrunk_image();
    ws_photo_memo_keep(m, photo, &sb, &img);
    CHECK_INT(temporaries(NULL, 0), 1);
    ws_image *back = ws_photo_memo_find(m, photo, &sb, a);
    CHECK(back != NULL);
    if (back) {
        CHECK_INT(back->kind, WS_IMAGE_JPEG);
        CHECK_INT(back->width_px, 750);
        CHECK_INT(back->height_px, 1000);
        CHECK_INT(back->components, 3);
        CHECK_INT(back->orientation, 6);
        CHECK_INT(back->file_size, 4000000);
        CHECK_INT(back->size, sizeof shrunk);
        CHECK(back->data != shrunk && !memcmp(back->data, shrunk, sizeof shrunk));
        CHECK_STR(back->path, photo);
    }
    CHECK_INT(ws_photo_memo_hits(m), 1);

    /* another file under the name (a clerk replaced the photo): not what was kept */
    struct stat changed = sb;
    changed.st_mtim.tv_nsec ^= 1;
    CHECK(ws_photo_memo_find(m, photo, &changed, a) == NULL);
    changed = sb;
    changed.st_size++;
    CHECK(ws_photo_memo_find(m, photo, &changed, a) == NULL);
    changed = sb;
    changed.st_ino++;
    CHECK(ws_photo_memo_find(m, photo, &changed, a) == NULL);
    CHECK(ws_photo_memo_find(m, "/elsewhere/photo.jpg", &sb, a) == NULL);

    /* the kept copy cut short (a disk that lost it): not handed back */
    char copy[4400];
    temporaries(copy, sizeof copy);
    CHECK(truncate(copy, sizeof shrunk - 1) == 0);
    CHECK(ws_photo_memo_find(m, photo, &sb, a) == NULL);
    CHECK_INT(ws_photo_memo_hits(m), 1);

    ws_photo_memo_destroy(m);
    CHECK_INT(temporaries(NULL, 0), 0);
    ws_arena_destroy(a);
}

TEST(only_a_shrunk_jpeg_is_kept)
{
    struct stat sb;
    write_photo("a small picture", &sb);
    ws_photo_memo *m = ws_photo_memo_create(dir);
    ws_arena *a = ws_arena_create(0);
    ws_image img = shrunk_image();
    img.recoded = false; /* the file's own bytes: read again, cheaply */
    ws_photo_memo_keep(m, photo, &sb, &img);
    img = shrunk_image();
    img.kind = WS_IMAGE_RAW;
    ws_photo_memo_keep(m, photo, &sb, &img);
    CHECK_INT(temporaries(NULL, 0), 0);
    CHECK(ws_photo_memo_find(m, photo, &sb, a) == NULL);
    ws_photo_memo_destroy(m);
    ws_photo_memo_find(NULL, photo, &sb, a); /* no memo: nothing, no crash */
    ws_arena_destroy(a);
}

int main(void)
{
    if (!mkdtemp(dir)) return 1;
    snprintf(photo, sizeof photo, "%s/phone.jpg", dir);
    RUN(a_kept_photo_comes_back_while_its_file_is_unchanged);
    RUN(only_a_shrunk_jpeg_is_kept);
    unlink(photo);
    rmdir(dir);
    return TH_DONE();
}
