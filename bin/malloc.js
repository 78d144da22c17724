/**
 * glibc's malloc raises its mmap threshold whenever a large block is freed, and from then on keeps
 * large blocks (an index's buffers) in its own heap after they are freed, so the process stays at
 * its peak size. After a refresh at 100k passages the bot stayed at 1.11× its idle memory (527
 * against 474 MB); with a fixed threshold, 1.00× (434 against 436 MB), and its steady size was
 * about 90 MB lower (`npm run bench -- --section loaded`). glibc reads these variables when a
 * process starts; other C libraries ignore them.
 */
export const MALLOC_TUNING = { MALLOC_MMAP_THRESHOLD_: '131072' };
