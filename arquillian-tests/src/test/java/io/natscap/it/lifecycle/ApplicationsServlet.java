package io.natscap.it.lifecycle;

import fish.payara.micro.PayaraMicro;
import fish.payara.micro.PayaraMicroRuntime;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.TreeSet;

/**
 * Deploys and undeploys another application in the same Payara Micro, through Payara Micro's
 * runtime API: Arquillian's own undeploy stops the whole JVM, which would prove nothing about
 * what the adapter leaves behind.
 *
 * <ul>
 *   <li>{@code POST /apps?op=deploy&name=..&file=..}, {@code POST /apps?op=undeploy&name=..}</li>
 *   <li>{@code GET /apps}: the names of the JVM's live threads, one per line</li>
 * </ul>
 */
@WebServlet("/apps")
public class ApplicationsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        PayaraMicroRuntime runtime = PayaraMicro.getInstance().getRuntime();
        String name = request.getParameter("name");
        boolean done;
        if ("deploy".equals(request.getParameter("op"))) {
            done = runtime.deploy(name, name, new File(request.getParameter("file")));
        } else {
            runtime.undeploy(name);
            done = !runtime.getDeployedApplicationNames().contains(name);
        }
        response.setStatus(done ? 200 : 500);
        response.getOutputStream().write(String.valueOf(runtime.getDeployedApplicationNames()).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).forEach(t -> names.add(t.getName()));
        response.setContentType("text/plain");
        response.getOutputStream().write(String.join("\n", names).getBytes(StandardCharsets.UTF_8));
    }
}
