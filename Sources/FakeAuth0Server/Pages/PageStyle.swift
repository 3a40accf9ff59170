/// The one stylesheet of every page the fake serves (login, consent, approval device, dashboard),
/// inlined in each page so the pages work offline and add no request to the journal. Forms stack their
/// labels over full-width fields; below 40rem tables turn into labelled rows, so the approval page
/// works at phone width.
enum PageStyle {
    static let css = """
        :root{--fg:#1d1d1f;--muted:#5f6368;--line:#d9dce1;--bg:#f5f6f8;--card:#fff;--bar:#1f2937;\
        --ok:#0a7d2c;--bad:#b3261e;--warn:#8a5a00}
        *{box-sizing:border-box}
        body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);\
        background:var(--bg)}
        header.brand{display:flex;flex-wrap:wrap;align-items:baseline;gap:.2rem 1rem;padding:.7rem 1rem;\
        background:var(--bar);color:#fff}
        header.brand .tenant{font-weight:600}
        header.brand .client{color:#cbd5e1}
        header.brand .client::before{content:"for ";color:#94a3b8}
        main{max-width:40rem;margin:1.25rem auto;padding:0 1rem}
        main.wide{max-width:96rem}
        h1{font-size:1.45rem;margin:.4rem 0 1rem}
        h2{font-size:1.1rem;margin:1.4rem 0 .5rem}
        h3{font-size:1rem;margin:.8rem 0 .3rem}
        .card,.request{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:1rem;\
        margin:0 0 1rem;min-width:0}
        .card>:first-child{margin-top:0}
        .card>:last-child{margin-bottom:0}
        .binding{font-size:1.2rem;font-weight:600;margin:0 0 .5rem}
        dl{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.2rem 1rem;margin:.5rem 0}
        dt{color:var(--muted)}
        dd{margin:0;overflow-wrap:anywhere}
        label{display:grid;gap:.25rem;margin:0 0 .8rem;font-weight:500}
        input,select,button{font:inherit}
        input,select{width:100%;min-height:2.6rem;padding:.5rem .7rem;border:1px solid var(--line);\
        border-radius:8px;background:#fff;color:inherit}
        button{min-height:2.6rem;padding:.5rem 1.1rem;border:1px solid var(--line);border-radius:8px;\
        background:#fff;color:inherit;cursor:pointer}
        button:disabled{opacity:.6;cursor:default}
        button.approve,button.primary{background:var(--ok);border-color:var(--ok);color:#fff}
        button.deny,button.danger{background:var(--bad);border-color:var(--bad);color:#fff}
        .actions{display:flex;flex-wrap:wrap;gap:.5rem;margin:.8rem 0 0}
        .actions form{margin:0}
        form.pick,form.social{display:flex;flex-wrap:wrap;gap:.5rem;margin:0 0 .5rem}
        form.pick button{flex:1 1 100%;text-align:left}
        form.social select{flex:1 1 12rem;width:auto}
        form.inline{display:flex;flex-wrap:wrap;align-items:end;gap:.5rem}
        form.inline label{margin:0;flex:1 1 9rem}
        .error{color:var(--bad)}
        .muted{color:var(--muted)}
        .badge{display:inline-block;padding:0 .45rem;border-radius:999px;font-size:.8rem;border:1px solid var(--line)}
        .badge.ok{color:var(--ok);border-color:var(--ok)}
        .badge.bad{color:var(--bad);border-color:var(--bad)}
        .badge.warn{color:var(--warn);border-color:var(--warn)}
        .grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,30rem),1fr));gap:0 1rem}
        .scroll{overflow-x:auto}
        table{width:100%;border-collapse:collapse;font-size:.9rem}
        th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid var(--line);vertical-align:top;\
        overflow-wrap:break-word}
        th{color:var(--muted);font-weight:500}
        td .actions{margin:0;flex-wrap:nowrap}
        td button{min-height:2rem;padding:.2rem .7rem;font-size:.85rem;white-space:nowrap}
        td.mono{white-space:nowrap}
        td.details{white-space:normal;min-width:16rem}
        code,.mono{font:.85rem/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
        #status{min-height:1.5rem}
        @media (max-width:40rem){
        main{margin-top:.8rem}
        table.rows,table.rows tbody{display:block}
        table.rows thead{display:none}
        table.rows tr{display:block;padding:.4rem 0;border-bottom:1px solid var(--line)}
        table.rows td{display:block;border:0;padding:.1rem 0}
        table.rows td[data-label]::before{content:attr(data-label) ": ";color:var(--muted)}
        table.rows td:empty{display:none}
        td.mono{white-space:normal}
        .actions button{flex:1 1 auto}
        td .actions{flex-wrap:wrap}
        }
        """
}
