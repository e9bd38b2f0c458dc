/* base/dynlib.c - see dynlib.h. */
#include "base/dynlib.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

bool ws_dynlib_symbol(void *handle, const char *name, void *fn, size_t fn_size)
{
    void *sym = dlsym(handle, name);
    if (!sym || fn_size != sizeof sym) return false;
    memcpy(fn, &sym, sizeof sym); /* POSIX: a function's address as dlsym gives it */
    return true;
}

static void open_once(ws_dynlib *lib)
{
    void *handle = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL);
    const char *missing = NULL;
    if (!handle) {
        const char *why = dlerror();
        snprintf(lib->msg, sizeof lib->msg, "无法加载 %s（%s）：请安装 Debian 软件包 %s", lib->soname,
                 why ? why : "", lib->package);
    } else if (!lib->bind(handle, &missing)) {
        snprintf(lib->msg, sizeof lib->msg, "%s 中没有函数 %s：请安装 Debian 12 的 %s", lib->soname,
                 missing ? missing : "?", lib->package);
    }
    lib->status = lib->msg[0] ? WS_ERR_IO : WS_OK;
}

ws_status ws_dynlib_open(ws_dynlib *lib, ws_err *err)
{
    pthread_mutex_lock(&lib->lock);
    if (!lib->tried) {
        lib->tried = true;
        open_once(lib);
    }
    ws_status st = lib->status;
    pthread_mutex_unlock(&lib->lock);
    return st == WS_OK ? WS_OK : ws_err_set(err, st, "%s", lib->msg);
}
