package io.natscap.sample.billing;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;

/** One invoice per order id, whichever service placed the order. */
@Entity
@Table(name = "sample_invoices")
public class Invoice {

    @Id
    private String orderId;
    private String customer;
    /** Money: two decimals kept (JPA's default column for BigDecimal keeps none on H2: 12.5 came back 13). */
    @Column(precision = 19, scale = 2)
    private BigDecimal amount;
    private Instant createdAt;

    protected Invoice() {
    }

    public Invoice(String orderId, String customer, BigDecimal amount) {
        this.orderId = orderId;
        this.customer = customer;
        this.amount = amount;
        this.createdAt = Instant.now();
    }

    public String getOrderId() {
        return orderId;
    }

    public String getCustomer() {
        return customer;
    }

    public BigDecimal getAmount() {
        return amount;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
