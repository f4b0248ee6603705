"""The report's inline style and script: sortable, filterable tables without a server."""

CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:0;color:#1d2733;background:#f5f7fa}
header{background:#1f4e79;color:#fff;padding:18px 28px}header h1{margin:0;font-size:24px}
header p{margin:4px 0 0;opacity:.85}main{padding:8px 28px 40px}
section{background:#fff;border:1px solid #dde3ea;border-radius:6px;margin:18px 0;padding:12px 18px}
h2{font-size:18px;margin:6px 0 10px;color:#1f4e79}h2 small{color:#5b6b7c;font-weight:normal;margin-left:6px}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid #e6eaef;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#eef2f6;cursor:pointer;user-select:none;white-space:nowrap}th:after{content:" ⇅";color:#9aa7b4}
td.num{text-align:right;font-variant-numeric:tabular-nums}.filter{margin:0 0 8px;padding:5px 8px;width:320px;border:1px solid #c8d1db;border-radius:4px}
.sev-critical{color:#b3261e;font-weight:bold}.sev-warning{color:#a15c00;font-weight:bold}.sev-info{color:#3b6ea5}
.ok{color:#1b7f3b}.bad{color:#b3261e;font-weight:bold}.muted{color:#6b7785}code{font-size:12px;background:#f1f3f5;padding:1px 4px;border-radius:3px}
.bar{display:inline-block;height:8px;background:#2e7d32;border-radius:2px;vertical-align:middle;margin-right:6px}
.cards{display:flex;gap:12px;flex-wrap:wrap}.card{flex:1;min-width:150px;background:#f0f5fa;border-radius:6px;padding:10px 14px}
.card b{display:block;font-size:22px;color:#1f4e79}
"""

JS = """
document.querySelectorAll('table.dw').forEach(function(table){
  var input=document.createElement('input');input.className='filter';input.type='search';
  input.placeholder='筛选 filter…';table.parentNode.insertBefore(input,table);
  var body=table.tBodies[0];
  input.addEventListener('input',function(){var q=input.value.toLowerCase();
    Array.from(body.rows).forEach(function(r){r.style.display=r.textContent.toLowerCase().indexOf(q)>=0?'':'none';});});
  Array.from(table.tHead.rows[0].cells).forEach(function(th,i){var asc=true;
    th.addEventListener('click',function(){var rows=Array.from(body.rows);
      rows.sort(function(a,b){var x=a.cells[i].dataset.sort||a.cells[i].textContent,y=b.cells[i].dataset.sort||b.cells[i].textContent;
        var nx=parseFloat(x),ny=parseFloat(y);var c=(!isNaN(nx)&&!isNaN(ny))?nx-ny:x.localeCompare(y,'zh');return asc?c:-c;});
      asc=!asc;rows.forEach(function(r){body.appendChild(r);});});});
});
"""
