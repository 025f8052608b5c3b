#include "invoice_mailer.hpp"

#include <string>
#include <utility>

#include <paylink/create_link_request.hpp>
#include <paylink/error.hpp>
#include <paylink/error_code.hpp>

namespace billing {

ClientPaymentLinks::ClientPaymentLinks(paylink::Client client) : client_(std::move(client)) {}

paylink::Result<paylink::PaymentLink> ClientPaymentLinks::create_for(const Invoice& invoice) {
  paylink::CreateLinkRequest request;
  request.amount = invoice.total;
  request.description = "Invoice " + invoice.number;
  request.reference = invoice.number;
  return client_.create(request);
}

MailReport InvoiceMailer::mail(const Invoice& invoice) const {
  if (!invoice.total.is_positive()) {
    return {MailOutcome::needs_attention, "invoice " + invoice.number + " has nothing to pay"};
  }
  const auto link = links_.create_for(invoice);
  if (link) {
    return {MailOutcome::sent, "Dear " + invoice.customer + ", please pay invoice " + invoice.number + " (" +
                                   invoice.total.to_string() + ") at " + link->url};
  }

  const paylink::Error& error = link.error();
  // The client has already retried what was safe to retry; what is left is for the application.
  if (error.code == paylink::ErrorCode::ambiguous) {
    // Mailing again could make a second link: reconcile first (Client::reconcile_create).
    return {MailOutcome::needs_attention,
            "invoice " + invoice.number + ": the link may exist, reconcile before mailing again"};
  }
  if (error.code == paylink::ErrorCode::rate_limited) {
    std::string text =
        "retry later: the payment vendor is rate limiting (HTTP " + std::to_string(error.http_status) + ")";
    if (error.retry_after) text += ", it asks for " + std::to_string(error.retry_after->count() / 1000) + " s";
    return {MailOutcome::retry_later, text};
  }
  if (error.retryable) return {MailOutcome::retry_later, "retry later: " + error.message};
  return {MailOutcome::needs_attention, "invoice " + invoice.number + " not mailed: " + error.to_string()};
}

}  // namespace billing
