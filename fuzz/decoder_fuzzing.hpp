#pragma once
// Drives every decoder of an adapter with one fuzz input: byte 0 picks the HTTP status, byte 1 the
// operation, the rest is the body. Decoders must answer every input with a value or an Error.

#include <cstddef>
#include <cstdint>
#include <string>

#include "paylink/provider.hpp"

namespace paylink::fuzzing {

inline void touch(const Error& e) {
  volatile std::size_t sink = e.to_string().size();
  (void)sink;
}

template <typename T>
void touch(const Result<T>& r) {
  if (!r.ok()) touch(r.error());
}

inline int fuzz_decoders(const Provider& provider, const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  static constexpr int kStatuses[] = {200, 201, 204, 400, 401, 403, 404, 409, 410, 422, 429, 500, 502, 503, 302};
  HttpResponse response;
  response.status = kStatuses[data[0] % (sizeof kStatuses / sizeof kStatuses[0])];
  response.headers = {{"Content-Type", "application/json"}, {"Retry-After", "1"}};
  response.body.assign(reinterpret_cast<const char*>(data + 2), size - 2);

  CreateLinkRequest request;
  request.amount = Money::of(1250, *Currency::from_code("EUR"));
  request.description = "fuzz";
  request.reference = "fuzz-ref";
  CallContext ctx;
  ctx.idempotency_key = "0f8fad5b-d9cb-469f-a165-70867728950e";
  const ListQuery query;

  switch (data[1] % 7) {
    case 0:
      touch(provider.decode_create(response, request, ctx));
      break;
    case 1:
      touch(provider.decode_get(response));
      break;
    case 2:
      touch(provider.decode_list(response, query));
      break;
    case 3:
      touch(provider.decode_expire(response, "id-1"));
      break;
    case 4:
      touch(provider.decode_update(response, "id-1"));
      break;
    case 5:
      touch(provider.decode_list_payments(response, query));
      break;
    default:
      touch(provider.decode_list_payment_methods(response));
      break;
  }
  return 0;
}

}  // namespace paylink::fuzzing
