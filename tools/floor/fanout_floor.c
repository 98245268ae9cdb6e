// The kernel's floor under fan-out on loopback: what it costs to hand one small message to each of N TCP
// sockets, with no runtime, framing or WebSocket library in the way. A WebSocket server pays at least this:
// one write() per watcher. The sending side (parent) and the watching side (child, one epoll thread) are
// separate processes, as gateway and clients are, so each has its own file-descriptor budget.
//
// Build and run:  gcc -O2 -o /tmp/fanout_floor tools/floor/fanout_floor.c && /tmp/fanout_floor 10000 20 200
// Arguments: sockets, rounds (one message per socket per round, rounds 100 ms apart), payload bytes.
// Prints the delay from the start of a round to each socket's receipt: p50, p90, p99, max over all rounds.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

// Shared between the two processes: when the current round started, and how many messages have arrived.
struct shared {
  _Atomic long round_start_ns;
  _Atomic long received;
  _Atomic int connected;
};

static long now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000000000L + t.tv_nsec;
}

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static void watch(struct sockaddr_in *address, int sockets, int rounds, int payload, struct shared *sh) {
  int poll = epoll_create1(0);
  for (int i = 0; i < sockets; i++) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(s, (struct sockaddr *)address, sizeof *address) != 0) { perror("connect"); exit(1); }
    struct epoll_event e = { .events = EPOLLIN, .data.fd = s };
    epoll_ctl(poll, EPOLL_CTL_ADD, s, &e);
  }
  atomic_store(&sh->connected, 1);

  long total = (long)sockets * rounds;
  double *delays = malloc(sizeof(double) * total);
  char buffer[65536];
  struct epoll_event ready[1024];
  long seen = 0;
  while (seen < total) {
    int n = epoll_wait(poll, ready, 1024, 5000);
    if (n <= 0) { fprintf(stderr, "watcher: nothing for 5 s after %ld of %ld messages\n", seen, total); exit(1); }
    for (int j = 0; j < n; j++) {
      ssize_t got = read(ready[j].data.fd, buffer, sizeof buffer);
      for (long m = 0; m < got / payload && seen < total; m++) {
        delays[seen++] = (now_ns() - atomic_load(&sh->round_start_ns)) / 1e6;
      }
      atomic_store(&sh->received, seen);
    }
  }
  qsort(delays, total, sizeof(double), by_value);
  printf("%d sockets x %d rounds, %d-byte messages: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
         sockets, rounds, payload, delays[total / 2], delays[total * 9 / 10], delays[total * 99 / 100], delays[total - 1]);
}

int main(int argc, char **argv) {
  if (argc != 4) { fprintf(stderr, "usage: %s sockets rounds payload-bytes\n", argv[0]); return 2; }
  int sockets = atoi(argv[1]), rounds = atoi(argv[2]), payload = atoi(argv[3]);
  struct shared *sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

  int listener = socket(AF_INET, SOCK_STREAM, 0), one = 1;
  struct sockaddr_in address = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
  socklen_t length = sizeof address;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(listener, (struct sockaddr *)&address, sizeof address) != 0 || listen(listener, 4096) != 0) { perror("listen"); return 1; }
  getsockname(listener, (struct sockaddr *)&address, &length);

  pid_t child = fork();
  if (child == 0) {
    close(listener);
    watch(&address, sockets, rounds, payload, sh);
    return 0;
  }

  int *peers = malloc(sizeof(int) * sockets);
  for (int i = 0; i < sockets; i++) {
    peers[i] = accept(listener, NULL, NULL);
    if (peers[i] < 0) { perror("accept"); return 1; }
    setsockopt(peers[i], IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  while (!atomic_load(&sh->connected)) usleep(1000);

  char *message = malloc(payload);
  memset(message, 'x', payload);
  for (int r = 0; r < rounds; r++) {
    while (atomic_load(&sh->received) < (long)sockets * r) usleep(1000);
    usleep(100000);
    atomic_store(&sh->round_start_ns, now_ns());
    for (int i = 0; i < sockets; i++) {
      if (write(peers[i], message, payload) != payload) { perror("write"); return 1; }
    }
  }
  int status = 0;
  waitpid(child, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
