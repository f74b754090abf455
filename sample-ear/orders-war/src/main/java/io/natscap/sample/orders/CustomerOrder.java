package io.natscap.sample.orders;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;

/** An order placed through this application. */
@Entity
@Table(name = "sample_orders")
public class CustomerOrder {

    public enum Status { NEW, BILLED }

    @Id
    private String id;
    private String customer;
    /** Money: two decimals kept (JPA's default column for BigDecimal keeps none on H2: 12.5 came back 13). */
    @Column(precision = 19, scale = 2)
    private BigDecimal amount;
    @Enumerated(EnumType.STRING)
    private Status status = Status.NEW;

    protected CustomerOrder() {
    }

    public CustomerOrder(String id, String customer, BigDecimal amount) {
        this.id = id;
        this.customer = customer;
        this.amount = amount;
    }

    public String getId() {
        return id;
    }

    public String getCustomer() {
        return customer;
    }

    public BigDecimal getAmount() {
        return amount;
    }

    public Status getStatus() {
        return status;
    }

    public void billed() {
        status = Status.BILLED;
    }
}
