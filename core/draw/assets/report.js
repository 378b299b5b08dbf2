(function(){
var data=JSON.parse(document.getElementById('erg-data').textContent);
var srcs=JSON.parse(document.getElementById('erg-sources').textContent);
var ents={};data.nodes.forEach(function(n){ents[n.id]=n;});
var byEnt={};data.links.forEach(function(l){[l.source,l.target].forEach(function(e){(byEnt[e]=byEnt[e]||[]).push(l);});});
function esc(s){return String(s).replace(/[&<>"]/g,function(c){return{'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c];});}
function fmt(v){return Array.isArray(v)?v.map(fmt).join('; '):(v===null?'':String(v));}
function name(id){var e=ents[id];return e?(e.name||e.id):id;}
function cite(v){if(v===undefined)return '';var a=Array.isArray(v)?v:[v];return a.map(function(s){var x=srcs[s];return esc(x&&x.title?x.title:s);}).join('; ');}
var skip={id:1,name:1,type:1,aliases:1,source:1,sources:1,target:1,key:1,evidence:1};
function show(id){var e=ents[id];if(!e)return;var p=document.getElementById('panel');
 var h='<h2>'+esc(e.name||e.id)+'</h2><p>'+esc(e.type)+' · <code>'+esc(e.id)+'</code></p>';
 if(e.aliases&&e.aliases.length)h+='<p>Also: '+esc(e.aliases.join(', '))+'</p>';
 if(e.evidence)h+='<p class="ev">'+esc(e.evidence)+'</p>';
 if(e.source)h+='<p class="src">Source: '+cite(e.source)+'</p>';
 var rows='';Object.keys(e).forEach(function(k){if(!skip[k])rows+='<tr><td>'+esc(k)+'</td><td>'+esc(fmt(e[k]))+'</td></tr>';});
 if(rows)h+='<table>'+rows+'</table>';
 var rs=byEnt[id]||[];h+='<h3>'+rs.length+' relationship'+(rs.length==1?'':'s')+'</h3>';
 rs.forEach(function(l){h+='<div class="rel"><a class="ent" data-id="'+esc(l.source)+'">'+esc(name(l.source))+'</a> <b>'+esc(l.type)+'</b> <a class="ent" data-id="'+esc(l.target)+'">'+esc(name(l.target))+'</a>';
  if(l.evidence)h+='<div class="ev">'+esc(l.evidence)+'</div>';if(l.sources)h+='<div class="src">Source: '+cite(l.sources)+'</div>';h+='</div>';});
 p.innerHTML=h;p.dataset.entity=id;
 document.querySelectorAll('#drawing g.node').forEach(function(g){g.classList.toggle('sel',g.dataset.id===id);});}
document.getElementById('panel').addEventListener('click',function(ev){var a=ev.target.closest('a.ent');if(a)show(a.dataset.id);});
document.querySelectorAll('a.ent').forEach(function(a){if(!a.closest('#panel'))a.addEventListener('click',function(){show(a.dataset.id);});});
document.querySelectorAll('#drawing g.node').forEach(function(g){g.addEventListener('click',function(){show(g.dataset.id);});g.addEventListener('mouseenter',function(){show(g.dataset.id);});});
var svg=document.querySelector('#drawing svg');
document.getElementById('search').addEventListener('input',function(){var q=this.value.trim().toLowerCase();var first=null;
 document.querySelectorAll('#drawing g.node').forEach(function(g){var e=ents[g.dataset.id];var hay=[e.id,e.name||''].concat(e.aliases||[]).join('\n').toLowerCase();
  var hit=q!==''&&hay.indexOf(q)>=0;g.classList.toggle('hit',hit);if(hit&&!first)first=g.dataset.id;});
 svg.classList.toggle('dim',q!=='');if(first)show(first);});
document.getElementById('entity-count').textContent=String(data.nodes.length);
document.documentElement.dataset.ready='true';
})();
