package io.natscap.sample.billing;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.List;
import java.util.Optional;

/** Reads invoices. */
@Stateless
public class InvoiceService {

    @PersistenceContext
    private EntityManager db;

    public Optional<Invoice> find(String orderId) {
        return Optional.ofNullable(db.find(Invoice.class, orderId));
    }

    public List<Invoice> all() {
        return db.createQuery("SELECT i FROM Invoice i ORDER BY i.createdAt", Invoice.class).getResultList();
    }
}
